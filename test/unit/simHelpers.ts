// Small fetch helpers for the simulator's own tests (plain fetch, as a foreign client would talk to it).
import * as assert from 'node:assert/strict';
import type { Dialect, Simulator } from '../../sim/server';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when the body is empty or not JSON). */
  json: Record<string, unknown> & { result?: unknown; code?: number; description?: string };
}

/** The auth header each dialect expects. */
export function authFor(dialect: Dialect, key: string): Record<string, string> {
  if (dialect === 'novicezk') return { 'mj-api-secret': key };
  if (dialect === 'relay') return { authorization: `Bearer ${key}` };
  return { authorization: key };
}

/** One request to the simulator; `auth: false` leaves the key out. */
export async function call(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  opts: { auth?: boolean | Record<string, string>; redirect?: RequestRedirect } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.auth === undefined || opts.auth === true) Object.assign(headers, authFor(sim.dialect, sim.key));
  else if (opts.auth) Object.assign(headers, opts.auth);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sim.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: opts.redirect ?? 'manual',
  });
  const text = await res.text();
  let json: Reply['json'] = {};
  try {
    json = text ? (JSON.parse(text) as Reply['json']) : {};
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Submits an imagine and returns the task id as a string. */
export async function imagine(
  sim: Simulator,
  prompt: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await call(sim, 'POST', '/mj/submit/imagine', { prompt, ...extra });
  assert.equal(r.status, 200, r.text);
  assert.ok([1, 22].includes(r.json.code ?? 0), r.text);
  return String(r.json.result);
}

export type TaskJson = Record<string, unknown> & {
  id: string;
  status: string;
  progress: string | null;
  imageUrl: string | null;
  buttons?: Array<{ customId: string; label: string; emoji: string }>;
  properties: Record<string, unknown>;
};

/** Fetches a task. */
export async function fetchTask(sim: Simulator, id: string): Promise<TaskJson> {
  const r = await call(sim, 'GET', `/mj/task/${id}/fetch`);
  assert.equal(r.status, 200, r.text);
  return r.json as unknown as TaskJson;
}

/** Polls until `done` holds (default: a final status), within `ms`. */
export async function waitFor(
  sim: Simulator,
  id: string,
  done: (t: TaskJson) => boolean = (t) => ['SUCCESS', 'FAILURE', 'CANCEL'].includes(t.status),
  ms = 5000,
): Promise<TaskJson> {
  const deadline = Date.now() + ms;
  for (;;) {
    const t = await fetchTask(sim, id);
    if (done(t)) return t;
    if (Date.now() > deadline) assert.fail(`task ${id} still ${t.status} ${String(t.progress)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Downloads an image URL and returns its bytes. */
export async function download(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A 1x1 PNG as a data URL (a valid mask / reference image). */
export const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

/** Width and height from a PNG's IHDR. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
