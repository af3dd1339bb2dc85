// `npm run sim`: starts the simulator for manual tries with curl or a dev build of the extension.
import { startSimulator } from './server';
import { ruleFromJson } from './faults';
import { stepsProfile } from './tasks';
import type { Dialect, Fault, FaultRule, SimOptions, Speed } from './types';
import { SIM_VERSIONS } from './versions';

const USAGE = `Usage: npm run sim -- [options]
  --port N             port (default 8787, 0 = any free port)         env SIM_PORT
  --key K              API key (default sim-key)                      env SIM_KEY
  --any-key            accept any non-empty key
  --dialect D          relay | trueai | novicezk (default trueai)     env SIM_DIALECT
  --speed S            fast | realistic | <ms> (default realistic)    env SIM_SPEED
  --image-ttl MS       final image links answer 403 this long after the task finished
  --relay-lag MS       relay dialect: how far statuses lag behind
  --steps N|jump       progress moves in N % steps (default 16, Midjourney's), or jumps from 0 % to 100 %
  --remix              variation / pan / reroll answer code 21 with a MODAL task
  --sim-version V      model of prompts without --v: 5.2 | 6 | 6.1 | 7 | 8 | 8.1 (default 6)
  --numeric-status     serve status as trueai's enum numbers (0 NOT_START … 7 CANCEL)
  --fault SPEC         repeatable; SPEC = kind[:arg][,method=M][,path=PREFIX][,times=N|inf][,after]
                       kinds: any status (429:RETRY_AFTER_S, 500, 503; 502html = nginx HTML page),
                       reset, stall, slow:MS, malformed, empty, 204, redirect:URL,
                       code:23 (queue full), code:24[:WORD] (banned prompt), code:30 (group saturated)
                       after = process the request (create the task), then answer with the fault
                       or a FaultRule as JSON: '{"fault":{"kind":"reset"},"path":"/mj/task"}'
                       e.g. --fault 429:5,method=POST,path=/mj/submit/imagine,times=2
  --quiet              do not print one line per request
  --help`;

/** Parses one --fault spec (see USAGE) into a rule: `kind[:arg][,key=value…]` or a FaultRule as JSON. */
export function parseFault(spec: string): FaultRule {
  const s = spec.trim();
  if (s.startsWith('{')) {
    const rule = ruleFromJson(JSON.parse(s));
    if (!rule) throw new Error(`bad fault JSON "${spec}"`);
    return rule;
  }
  const [head = '', ...opts] = s.split(',');
  const colon = head.indexOf(':');
  const kind = colon < 0 ? head : head.slice(0, colon);
  const arg = colon < 0 ? '' : head.slice(colon + 1);
  let fault: Fault;
  const st = /^(\d{3})(html)?$/.exec(kind);
  if (kind === '204') fault = { kind: 'noContent' };
  else if (st) {
    fault = { kind: 'status', status: Number(st[1]), html: !!st[2] };
    if (arg) fault.retryAfter = Number(arg);
  } else if (kind === 'slow') fault = { kind: 'slow', ms: Number(arg || 5000) };
  else if (kind === 'redirect' && arg) fault = { kind: 'redirect', location: arg };
  else if (kind === 'code') {
    const [c = '', word] = arg.split(':');
    const code = Number(c);
    if (code !== 23 && code !== 24 && code !== 30)
      throw new Error(`fault code must be 23, 24 or 30 in "${spec}"`);
    fault = { kind: 'code', code, ...(word ? { bannedWord: word } : {}) };
  } else if (
    kind === 'reset' ||
    kind === 'stall' ||
    kind === 'malformed' ||
    kind === 'empty' ||
    kind === 'noContent'
  ) {
    fault = { kind };
  } else throw new Error(`unknown fault "${spec}"`);
  const rule: FaultRule = { fault };
  for (const o of opts) {
    const [k = '', v = ''] = o.split('=');
    if (k === 'method') rule.method = v.toUpperCase();
    else if (k === 'path') rule.path = v;
    else if (k === 'times') rule.times = v === 'inf' ? Infinity : Number(v);
    else if (k === 'after') rule.afterForwarding = true;
    else throw new Error(`unknown fault option "${o}" in "${spec}"`);
  }
  return rule;
}

/** A `--sim-version` value: one of SIM_VERSIONS (a leading "v" is allowed). */
export function simVersionOf(v: string): string {
  const s = v.trim().replace(/^v/i, '');
  if (!(SIM_VERSIONS as readonly string[]).includes(s))
    throw new Error(`--sim-version must be one of ${SIM_VERSIONS.join(', ')} (got "${v}")`);
  return s;
}

function speedOf(v: string | undefined): Speed | undefined {
  if (v === undefined) return undefined;
  if (v === 'fast' || v === 'realistic') return v;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`bad speed "${v}"`);
  return n;
}

function main(argv: string[]): void {
  const env = process.env;
  const opts: SimOptions = {
    port: Number(env.SIM_PORT ?? 8787),
    key: env.SIM_KEY ?? 'sim-key',
    dialect: (env.SIM_DIALECT as Dialect | undefined) ?? 'trueai',
    speed: speedOf(env.SIM_SPEED) ?? 'realistic',
    log: true,
  };
  const faults: FaultRule[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') opts.port = Number(next());
    else if (a === '--key') opts.key = next();
    else if (a === '--any-key') opts.anyKey = true;
    else if (a === '--dialect') opts.dialect = next() as Dialect;
    else if (a === '--speed') opts.speed = speedOf(next());
    else if (a === '--image-ttl') opts.imageTtlMs = Number(next());
    else if (a === '--relay-lag') opts.relayLagMs = Number(next());
    else if (a === '--steps') {
      const v = next();
      opts.progressSteps = stepsProfile(v === 'jump' ? 'jump' : Number(v));
    } else if (a === '--remix') opts.remix = true;
    else if (a === '--sim-version') opts.simVersion = simVersionOf(next());
    else if (a === '--numeric-status') opts.numericStatus = true;
    else if (a === '--fault') faults.push(parseFault(next()));
    else if (a === '--quiet') opts.log = false;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return;
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (!['relay', 'trueai', 'novicezk'].includes(opts.dialect ?? ''))
    throw new Error(`bad dialect ${opts.dialect}`);
  void startSimulator(opts).then((sim) => {
    for (const f of faults) sim.addFault(f);
    console.log(`Midjourney-proxy simulator listening on ${sim.url}`);
    console.log(`API key: ${sim.key}${opts.anyKey ? ' (any non-empty key accepted)' : ''}`);
    console.log(`Dialect: ${sim.dialect}`);
    if (opts.simVersion) console.log(`Model version: ${opts.simVersion}`);
    const stop = (): void => {
      void sim.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
}
