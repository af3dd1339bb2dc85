/**
 * What is left on the key, for relays that speak new-api's OpenAI-style billing API (DeerAPI does):
 * `GET /v1/dashboard/billing/subscription` (`hard_limit_usd`) and `GET /v1/dashboard/billing/usage`
 * (`total_usage` in cents of USD), on the API host, with `Authorization: Bearer <key>`.
 *
 * Why not DeerAPI's `/user/quota?key=…`: it takes the key in the URL, where proxies and logs keep it.
 * Both requests go through the same transport as every other call (configured origin only, no
 * redirects), at the root of the base URL: the `/mj` path and the speed prefix do not apply.
 */
import { MjError } from '../model/errors';
import type { HttpResponse, HttpTransport } from '../net/http';
import { TransportError } from '../net/http';
import { httpError, NOT_JSON, parseJsonText, transportToMjError } from './httpErrors';

/** The key's money, in USD. */
export interface Balance {
  limitUsd: number;
  usedUsd: number;
  /** limitUsd − usedUsd. */
  balanceUsd: number;
}

/** `none`: the server has no billing API (404/405, or not this JSON) — stay silent about money there. */
export type BalanceResult = { kind: 'balance'; balance: Balance } | { kind: 'none' };

export const SUBSCRIPTION_PATH = '/v1/dashboard/billing/subscription';
export const USAGE_PATH = '/v1/dashboard/billing/usage';

function field(body: unknown, name: string): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const v = (body as Record<string, unknown>)[name];
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** `hard_limit_usd` of a subscription answer, or undefined when the body is not one. */
export function parseSubscription(body: unknown): number | undefined {
  return field(body, 'hard_limit_usd');
}

/** `total_usage` of a usage answer converted from cents to USD, or undefined when the body is not one. */
export function parseUsage(body: unknown): number | undefined {
  const cents = field(body, 'total_usage');
  return cents === undefined ? undefined : cents / 100;
}

/** The balance from the limit (USD) and the usage (USD), rounded to a tenth of a cent against float noise. */
export function balanceOf(limitUsd: number, usedUsd: number): Balance {
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return { limitUsd: round(limitUsd), usedUsd: round(usedUsd), balanceUsd: round(limitUsd - usedUsd) };
}

/** `$9.95`, `-$0.10`; large limits keep thousands separators. */
export function formatUsd(n: number): string {
  const abs = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n < 0 ? '-' : ''}$${abs}`;
}

/**
 * Whether to warn now: the balance is under a positive threshold and we have not warned since it
 * last was above it (the caller keeps `warned` per server).
 */
export function shouldWarn(balanceUsd: number, thresholdUsd: number, warned: boolean): boolean {
  return thresholdUsd > 0 && balanceUsd < thresholdUsd && !warned;
}

/** The two GETs, one attempt each (the caller refreshes at most once a minute). */
export async function readBalance(
  http: Pick<HttpTransport, 'send' | 'origin'>,
  opts: { signal?: AbortSignal; timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<BalanceResult> {
  const get = async (path: string): Promise<HttpResponse> => {
    const started = Date.now();
    try {
      const res = await http.send({
        method: 'GET',
        path,
        bearer: true,
        timeoutMs: opts.timeoutMs ?? 10_000,
        signal: opts.signal,
      });
      opts.log?.(`GET ${path} ${res.status} ${Date.now() - started}ms (billing)`);
      return res;
    } catch (e) {
      if (e instanceof TransportError) throw transportToMjError(e, http.origin);
      throw e;
    }
  };
  const read = async (path: string, parse: (b: unknown) => number | undefined): Promise<number | 'none'> => {
    const res = await get(path);
    if (res.status === 404 || res.status === 405) return 'none';
    if (res.status < 200 || res.status >= 300) throw httpError(res, { endpoint: path, isSubmit: false });
    const body = parseJsonText(res.text);
    // A 200 web page (a console's catch-all route) or other JSON: this server has no billing API.
    const value = body === NOT_JSON ? undefined : parse(body);
    return value === undefined ? 'none' : value;
  };
  const limit = await read(SUBSCRIPTION_PATH, parseSubscription);
  if (limit === 'none') return { kind: 'none' };
  const used = await read(USAGE_PATH, parseUsage);
  if (used === 'none') return { kind: 'none' };
  return { kind: 'balance', balance: balanceOf(limit, used) };
}

/** True for the errors that mean "the key is wrong here", as opposed to a passing network problem. */
export function isKeyProblem(e: unknown): boolean {
  return e instanceof MjError && e.kind === 'auth';
}
