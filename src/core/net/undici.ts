/**
 * The undici parts we use, loaded on first use: everything else imports undici through here. The parts live in
 * undici.chunk.ts, which the extension's build makes a bundle of its own (dist/undici.js, see esbuild.js), so
 * activation never loads the network stack; in plain Node (unit tests) the same require reads the compiled file.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';
import type * as UndiciParts from './undici.chunk';

export type { Dispatcher } from 'undici';
type Dispatcher = Undici.Dispatcher;
type Parts = typeof UndiciParts;

let parts: Parts | undefined;
const load = (): Parts => (parts ??= require('./undici.chunk') as Parts);

/** A constructor that loads its class on the first `new`, so naming it costs nothing. */
function lazyClass<C extends abstract new (...args: never[]) => object>(get: () => C): C {
  return function (...args: unknown[]) {
    const Real = get() as unknown as new (...a: unknown[]) => object;
    return new Real(...args);
  } as unknown as C;
}

export const Agent = lazyClass(() => load().Agent);
export const EnvHttpProxyAgent = lazyClass(() => load().EnvHttpProxyAgent);

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
