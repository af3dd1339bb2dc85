// The simulator's HTTP server: records every request, applies injected faults, checks the dialect's
// auth and routes to the endpoint handlers. Everything a handler answers is computed first and sent
// afterwards, so a fault can replace an answer after the request was processed (`afterForwarding`).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Dialect, FaultRule, RecordedRequest, SimOptions, SimTuning, Simulator, Speed } from './types';
import { SimCore } from './core';
import type { SimRequest } from './core';
import { authorized, unauthorized } from './dialect';
import type { SimResponse } from './dialect';
import { FaultList, codeFault, sendFault } from './faults';
import { handleControl } from './control';
import type { ControlTarget } from './control';
import { routeMj, serveImage } from './routes';
import { serveVideo } from './video';
import { billing, serveUpload } from './extras';

export type {
  Dialect,
  Fault,
  FaultRule,
  RecordedRequest,
  SimOptions,
  SimTuning,
  Simulator,
  Speed,
} from './types';

const MODE_PREFIX = /^\/mj-(fast|relax|turbo)(\/.*)$/;

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function send(res: ServerResponse, r: SimResponse): void {
  if (res.destroyed) return;
  res.writeHead(r.status, r.headers ?? {});
  res.end(r.body);
}

class SimServer implements ControlTarget {
  readonly core: SimCore;
  readonly requests: RecordedRequest[] = [];
  private readonly faults = new FaultList();
  private readonly stalled = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private seq = 0;
  port = 0;
  private readonly server = createServer((req, res) => {
    this.onRequest(req, res).catch(() => res.destroy());
  });

  constructor(private readonly options: SimOptions) {
    this.core = new SimCore(options);
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get url(): string {
    return this.core.url;
  }
  get key(): string {
    return this.core.key;
  }
  get dialect(): Dialect {
    return this.core.dialect;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.core.url = `http://127.0.0.1:${this.port}`;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = parseBody(raw);
    if (url.pathname.startsWith('/__sim')) {
      send(res, handleControl(this, method, url.pathname, body));
      return;
    }
    const headers = flatHeaders(req);
    this.requests.push({
      seq: ++this.seq,
      time: started,
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers,
      body,
    });
    if (this.options.log) {
      res.on('close', () => {
        const stamp = new Date(started).toISOString().slice(11, 23);
        const status = res.writableFinished ? String(res.statusCode) : 'no answer';
        console.log(`${stamp} ${method} ${url.pathname} → ${status} (${Date.now() - started} ms)`);
      });
    }
    const m = MODE_PREFIX.exec(url.pathname);
    const path = m ? (m[2] ?? '/') : url.pathname;
    const fault = this.faults.take(method, [url.pathname, path]);
    if (fault?.fault.kind === 'code') {
      // A refusal by return code: nothing is created, whatever `afterForwarding` says.
      send(res, codeFault(this.core.dialect, fault.fault, body));
      return;
    }
    if (fault && !fault.afterForwarding) {
      if (fault.fault.kind !== 'slow') return sendFault(fault.fault, res, this.stalled);
      await this.delay(fault.fault.ms);
    }
    const answer = this.answer({ method, path, mode: m?.[1]?.toUpperCase(), headers, body });
    if (fault?.afterForwarding) {
      if (fault.fault.kind !== 'slow') return sendFault(fault.fault, res, this.stalled);
      await this.delay(fault.fault.ms);
    }
    send(res, answer);
  }

  private answer(req: SimRequest): SimResponse {
    const { core } = this;
    if (req.path.startsWith('/sim-images/') && req.method === 'GET') return serveImage(core, req.path);
    if (req.path.startsWith('/sim-videos/') && req.method === 'GET') return serveVideo(core, req.path);
    if (req.path.startsWith('/sim-uploads/') && req.method === 'GET') return serveUpload(core, req.path);
    if (req.path === '/' && req.method === 'GET') {
      return {
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: `Midjourney-proxy simulator (${core.dialect} dialect). API under ${core.url}/mj/…; see sim/README.md.\n`,
      };
    }
    if (req.path.startsWith('/v1/dashboard/billing/')) {
      // Only relays have it; the others answer their 404 whatever the key.
      if (core.dialect === 'relay' && !authorized(core.dialect, req.headers, core.key, core.tuning.anyKey))
        return unauthorized(core.dialect);
      return billing(core, req);
    }
    if (!req.path.startsWith('/mj/')) return { status: 404, body: 'Not Found' };
    if (!authorized(core.dialect, req.headers, core.key, core.tuning.anyKey))
      return unauthorized(core.dialect);
    return routeMj(core, req);
  }

  clearRequests(): void {
    this.requests.length = 0;
  }
  setDialect(d: Dialect): void {
    this.core.dialect = d;
  }
  addFault(rule: FaultRule): void {
    this.faults.add(rule);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  setSpeed(speed: Speed | undefined): void {
    this.core.speed = speed ?? 'fast';
  }
  patchTask(id: string, patch: Record<string, unknown>): void {
    const t = this.core.tasks.get(id);
    if (t) t.patch = { ...t.patch, ...patch };
  }
  setTaskTemplate(patch: Record<string, unknown> | undefined): void {
    this.core.template = patch ? { ...patch } : undefined;
  }
  finishedAt(id: string): number | undefined {
    return this.core.finishedAt(id);
  }
  taskIds(): string[] {
    return [...this.core.tasks.keys()];
  }
  submitCount(): number {
    return this.core.submits;
  }
  configure(patch: Partial<SimTuning>): void {
    this.core.tuning = { ...this.core.tuning, ...patch };
  }
  reset(): void {
    this.core.reset();
    this.clearRequests();
    this.clearFaults();
  }
  tasksJson(): unknown[] {
    return [...this.core.tasks.values()].map((t) => ({
      ...this.core.view(t, 'trueai'),
      relayAction: t.relayAction,
      finishedAt: this.core.finishedAt(t.id) ?? null,
    }));
  }
  info(): Record<string, unknown> {
    const { core } = this;
    return {
      url: core.url,
      key: core.key,
      dialect: core.dialect,
      speed: core.speed,
      speedMs: core.speedMs,
      queueMs: core.queueMs,
      relayLagMs: core.relayLagMs,
      tuning: core.tuning,
      faults: this.faults.size,
      tasks: core.tasks.size,
      submits: core.submits,
      requests: this.requests.length,
    };
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const r of this.stalled) r.destroy();
    this.stalled.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

/**
 * Starts a Midjourney-proxy simulator on 127.0.0.1 speaking the chosen dialect (see sim/README.md).
 * Resolves once it listens; `close()` ends every connection, including stalled ones.
 */
export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const sim = new SimServer(options);
  await sim.listen();
  return sim;
}
