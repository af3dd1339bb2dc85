// /__sim/* control endpoints: the Simulator API over HTTP, for tests running in another process
// (the extension host, Playwright). No key needed; these requests are not recorded.
import type { Dialect, SimTuning, Simulator, Speed } from './types';
import { json } from './dialect';
import type { SimResponse } from './dialect';
import { ruleFromJson } from './faults';
import { SIM_VERSIONS } from './versions';

/** What the control endpoints need beyond the public API. */
export interface ControlTarget extends Simulator {
  tasksJson(): unknown[];
  info(): Record<string, unknown>;
}

const DIALECTS: Dialect[] = ['relay', 'trueai', 'novicezk'];

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function speedFrom(v: unknown): Speed | undefined {
  if (v === 'fast' || v === 'realistic') return v;
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** JSON cannot carry Infinity: null or "Infinity" stand for it in /__sim/config. */
function tuningFrom(o: Record<string, unknown>): Partial<SimTuning> {
  const out: Partial<SimTuning> = {};
  const num = (v: unknown): number | undefined =>
    v === null || v === 'Infinity' ? Infinity : typeof v === 'number' && v >= 0 ? v : undefined;
  for (const k of [
    'maxRunning',
    'queueLimit',
    'quota',
    'imageTtlMs',
    'balanceUsd',
    'taskPriceUsd',
  ] as const) {
    const n = num(o[k]);
    if (n !== undefined) out[k] = n;
  }
  for (const k of ['relayLagMs', 'queueMs'] as const) {
    if (k in o) out[k] = typeof o[k] === 'number' ? (o[k] as number) : undefined;
  }
  if (Array.isArray(o.bannedWords)) out.bannedWords = o.bannedWords.map(String);
  if ('progressSteps' in o) {
    out.progressSteps = Array.isArray(o.progressSteps)
      ? o.progressSteps.map(Number).filter((n) => Number.isFinite(n) && n > 0 && n < 100)
      : undefined;
  }
  if (typeof o.remix === 'boolean') out.remix = o.remix;
  if (typeof o.anyKey === 'boolean') out.anyKey = o.anyKey;
  if (typeof o.numericStatus === 'boolean') out.numericStatus = o.numericStatus;
  const v = typeof o.simVersion === 'number' ? String(o.simVersion) : o.simVersion;
  if (typeof v === 'string' && (SIM_VERSIONS as readonly string[]).includes(v.replace(/^v/i, '')))
    out.simVersion = v.replace(/^v/i, '');
  return out;
}

const bad = (message: string): SimResponse => json(400, { error: message });
const ok = (): SimResponse => json(200, { ok: true });

/** Answers a /__sim/* request. */
export function handleControl(sim: ControlTarget, method: string, path: string, body: unknown): SimResponse {
  const o = obj(body) ?? {};
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__sim/requests':
      return json(200, sim.requests);
    case 'DELETE /__sim/requests':
      sim.clearRequests();
      return ok();
    case 'POST /__sim/reset':
      sim.reset();
      return ok();
    case 'GET /__sim/tasks':
      return json(200, sim.tasksJson());
    case 'GET /__sim/info':
    case 'GET /__sim':
      return json(200, sim.info());
    case 'POST /__sim/faults': {
      const rules = Array.isArray(body) ? body.map(ruleFromJson) : [ruleFromJson(body)];
      if (rules.some((r) => !r)) return bad('expected a FaultRule {fault:{kind,…}, method?, path?, times?}');
      for (const r of rules) if (r) sim.addFault(r);
      return ok();
    }
    case 'DELETE /__sim/faults':
      sim.clearFaults();
      return ok();
    case 'POST /__sim/patch-task': {
      const patch = obj(o.patch);
      if (typeof o.id !== 'string' || !patch) return bad('expected {id, patch}');
      if (!sim.taskIds().includes(o.id)) return json(404, { error: `no task ${o.id}` });
      sim.patchTask(o.id, patch);
      return ok();
    }
    case 'POST /__sim/template':
      sim.setTaskTemplate('patch' in o ? obj(o.patch) : obj(body));
      return ok();
    case 'POST /__sim/dialect': {
      const d = o.dialect as Dialect;
      if (!DIALECTS.includes(d)) return bad(`dialect must be one of ${DIALECTS.join(', ')}`);
      sim.setDialect(d);
      return ok();
    }
    case 'POST /__sim/speed': {
      const s = speedFrom(o.speed);
      if (s === undefined) return bad('expected {speed: "fast" | "realistic" | ms}');
      sim.setSpeed(s);
      return ok();
    }
    case 'POST /__sim/config':
      sim.configure(tuningFrom(o));
      return json(200, sim.info());
    default:
      return json(404, { error: `unknown control endpoint ${route}` });
  }
}
