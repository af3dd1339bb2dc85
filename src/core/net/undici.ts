/**
 * The few parts of undici we use, required from their own files. The package's index also loads fetch,
 * WebSocket, caches and mocks (about 250 KB of the bundle) that this extension never calls; requiring the
 * dispatchers and the request API directly keeps them out. Everything else imports undici through here.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

export type { Dispatcher } from 'undici';
type Dispatcher = Undici.Dispatcher;

const DispatcherBase = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
const api = require('undici/lib/api/index.js') as object;
// What undici's index does: gives every dispatcher its request()/stream()/… methods.
Object.assign(DispatcherBase.prototype, api);

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const EnvHttpProxyAgent =
  require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;

let shared: Undici.Agent | undefined;

/** `undici.request(url, opts)` with an explicit dispatcher (a shared private Agent when none is given). */
export function request(
  url: string | URL,
  opts: { dispatcher?: Dispatcher } & Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
      method?: Undici.Dispatcher.HttpMethod;
    },
): Promise<Undici.Dispatcher.ResponseData> {
  const u = new URL(url);
  const { dispatcher, ...rest } = opts;
  const d = dispatcher ?? (shared ??= new Agent());
  return d.request({
    ...rest,
    method: opts.method ?? 'GET',
    origin: u.origin,
    path: `${u.pathname}${u.search}`,
  });
}
