/**
 * Test rig for MjClient: an undici MockAgent that records every request that reaches it, a client
 * wired to it, and a fake sleep that records the delays instead of waiting.
 */
import { MockAgent } from 'undici';
import { MjClient } from '../../src/core/api/client';
import type { MjClientOptions } from '../../src/core/api/client';

export const ORIGIN = 'https://api.example.test';
export const KEY = 'sk-test-secret-0123456789';

/** A request as the mock server saw it. */
export interface Seen {
  origin: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; data?: unknown; headers?: Record<string, string> };

function headerRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  } else if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

export interface Rig {
  agent: MockAgent;
  client: MjClient;
  seen: Seen[];
  sleeps: number[];
  logs: string[];
  /** Answer `method path` with each reply in turn (the last one repeats). */
  on(method: string, path: string, ...replies: Reply[]): void;
  /** Make `method path` fail at the network level, `times` times. */
  fail(method: string, path: string, error: Error, times?: number): void;
  /** Requests that reached the mock for a path. */
  count(path: string): number;
}

/** A client against a scripted server at ORIGIN (or `origin`). Every dispatch is recorded by the agent. */
export function rig(opts: Partial<MjClientOptions> = {}, origin = ORIGIN): Rig {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const sleeps: number[] = [];
  const logs: string[] = [];
  const client = new MjClient({
    baseUrl: origin,
    apiKey: KEY,
    dispatcher: agent,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    logger: (l) => logs.push(l),
    ...opts,
  });
  const pool = agent.get(origin);
  const seen = (): Seen[] =>
    (agent.getCallHistory()?.calls() ?? []).map((c) => {
      let body: unknown = c.body;
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body);
        } catch {
          /* keep the text */
        }
      }
      return { origin: c.origin, method: c.method, path: c.path, headers: headerRecord(c.headers), body };
    });
  return {
    agent,
    client,
    get seen() {
      return seen();
    },
    sleeps,
    logs,
    on(method, path, ...replies) {
      replies.forEach((r, i) => {
        const scope = pool
          .intercept({ method, path })
          .reply(
            r.status,
            r.data === undefined ? '' : typeof r.data === 'string' ? r.data : JSON.stringify(r.data),
            {
              headers: r.headers ?? {},
            },
          );
        if (i === replies.length - 1) scope.persist();
      });
    },
    fail(method, path, error, times = 1) {
      for (let i = 0; i < times; i++) pool.intercept({ method, path }).replyWithError(error);
    },
    count(path) {
      return seen().filter((s) => s.path === path).length;
    },
  };
}

/** An error shaped like Node's / undici's network errors. */
export function netError(code: string, syscall?: string): Error {
  return Object.assign(new Error(`${syscall ?? 'read'} ${code}`), { code, syscall });
}

/** A full task as a TA server would send it. */
export function taskJson(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '1712345678901001',
    action: 'IMAGINE',
    status: 'SUCCESS',
    prompt: 'a cat',
    promptEn: 'a cat',
    description: '/imagine a cat',
    state: '',
    submitTime: 1712345678901,
    startTime: 1712345679901,
    finishTime: 1712345699901,
    imageUrl: 'https://cdn.example/x.png',
    progress: '100%',
    failReason: null,
    properties: { finalPrompt: 'a cat --v 7' },
    buttons: [{ customId: 'MJ::JOB::upsample::1::abc', label: 'U1', emoji: '', style: 2, type: 2 }],
    ...over,
  };
}
