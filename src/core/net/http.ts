/**
 * The transport under MjClient: one HTTP exchange, nothing more (no retries, no status mapping).
 *
 * Why its own layer: the key-safety rules (only the configured origin, never plain http off the
 * machine, never follow a redirect) and the precise classification of network failures (was anything
 * sent?) are what make the client's no-double-charge rule possible, so they live in one small place.
 */
import { Agent, request } from './undici';
import type { Dispatcher } from 'undici';
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import type { AuthHeaderStyle } from '../model/types';

export type HttpMethod = 'GET' | 'POST';

/** One request, relative to the client's base URL. */
export interface HttpRequest {
  method: HttpMethod;
  /** Path after the base URL, starting with '/', e.g. `/mj/submit/imagine`. Never contains secrets. */
  path: string;
  /** Sent as JSON when present. */
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Send the key as `Authorization: Bearer <key>` whatever the profile's header style: the OpenAI-style
   * billing endpoints of new-api relays read only that header.
   */
  bearer?: boolean;
}

/** What came back; the body is always read as text so a gateway's HTML page cannot crash a JSON parser. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** How a failed exchange ended, in the terms the retry rules need. */
export type TransportFailureKind = 'network' | 'timeout' | 'cancelled';

/**
 * A request that got no HTTP answer. `notSent` is true only when we know no byte of the request left
 * this machine (connect refused, DNS failure, connect timeout, TLS refused): only then may a submit be
 * retried, because the server cannot have seen it.
 */
/** Marks every TransportError whichever bundle's copy of this file made it (see MjError's brand). */
const TRANSPORT_ERROR = Symbol.for('midjourney-studio.TransportError');

export class TransportError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && TRANSPORT_ERROR in value;
  }

  readonly [TRANSPORT_ERROR] = true;

  constructor(
    readonly kind: TransportFailureKind,
    readonly code: string | undefined,
    readonly notSent: boolean,
    cause: unknown,
  ) {
    super(`${kind}${code ? ` (${code})` : ''}`, { cause });
    this.name = 'TransportError';
  }
}

export interface HttpTransportOptions {
  baseUrl: string;
  apiKey: string | (() => Promise<string | undefined>);
  authHeader?: AuthHeaderStyle;
  dispatcher?: Dispatcher;
}

/** Error codes of failures that happen before the request is written: the server cannot have seen it. */
const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True for 127.0.0.0/8, ::1 and localhost: plain http to these never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m[1] === '127' && m.slice(2).every((p) => Number(p) <= 255);
}

/**
 * Parse the configured base URL. A trailing slash is tolerated; a path (a relay mounted under a
 * folder) is kept. Anything but http(s) is a settings problem.
 */
export function parseBaseUrl(baseUrl: string): {
  origin: string;
  basePath: string;
  protocol: string;
  hostname: string;
} {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch (e) {
    throw configError(t('The base URL "{0}" is not a valid address.', baseUrl), e);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(t('The base URL must start with https:// (got "{0}").', url.protocol));
  }
  if (url.username || url.password) {
    // Credentials in the URL would be sent and logged; the key belongs in secret storage.
    throw configError(t('The base URL must not contain a user name or password.'));
  }
  return {
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ''),
    protocol: url.protocol,
    hostname: url.hostname,
  };
}

function configError(message: string, cause?: unknown): MjError {
  return new MjError({
    kind: 'config',
    message,
    hint: t('Check midjourney.baseUrl.'),
    remedy: 'openSettings',
    cause,
  });
}

/** Collect the `code`s of an error, its AggregateError members (happy eyeballs) and its causes. */
function errorCodes(err: unknown, depth = 0): { codes: string[]; syscalls: string[] } {
  const out = { codes: [] as string[], syscalls: [] as string[] };
  if (depth > 5 || typeof err !== 'object' || err === null) return out;
  const e = err as { code?: unknown; syscall?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') out.codes.push(e.code);
  if (typeof e.syscall === 'string') out.syscalls.push(e.syscall);
  const nested = [...(Array.isArray(e.errors) ? e.errors : []), e.cause];
  for (const n of nested) {
    const r = errorCodes(n, depth + 1);
    out.codes.push(...r.codes);
    out.syscalls.push(...r.syscalls);
  }
  return out;
}

/**
 * Classify a network error. Precise on purpose: a reset, a closed socket or a timeout after the
 * connection was made may mean the server got the request, so those are never `notSent`.
 */
export function classifyNetworkError(err: unknown): TransportError {
  const { codes, syscalls } = errorCodes(err);
  const code = codes[0];
  const isTls = codes.some((c) => /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(c));
  // ETIMEDOUT counts as "not sent" only when the kernel says it happened while connecting.
  const connectTimeout = codes.includes('ETIMEDOUT') && syscalls.includes('connect');
  const notSent =
    codes.length > 0 &&
    !codes.includes('ECONNRESET') &&
    (codes.every((c) => CONNECT_PHASE_CODES.has(c)) || connectTimeout || isTls);
  // undici's own deadlines (headers/body) fire after the request was written.
  const kind = codes.some((c) => c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT')
    ? 'timeout'
    : 'network';
  return new TransportError(kind, code, notSent, err);
}

/** Sends requests to the configured origin only, with the key, under a per-request deadline. */
export class HttpTransport {
  readonly origin: string;
  readonly basePath: string;
  private readonly secureOrLoopback: boolean;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly opts: HttpTransportOptions) {
    const parsed = parseBaseUrl(opts.baseUrl);
    this.origin = parsed.origin;
    this.basePath = parsed.basePath;
    this.secureOrLoopback = parsed.protocol === 'https:' || isLoopbackHost(parsed.hostname);
    this.ownsDispatcher = opts.dispatcher === undefined;
    // A private agent, so a proxy or pool set up elsewhere in the extension host never sees our traffic.
    this.dispatcher = opts.dispatcher ?? new Agent({ connect: { timeout: 10_000 } });
  }

  /** Close the private agent (not a dispatcher that was passed in: its owner closes it). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async authHeaders(bearer = false): Promise<Record<string, string>> {
    let key: string | undefined;
    try {
      key = typeof this.opts.apiKey === 'function' ? await this.opts.apiKey() : this.opts.apiKey;
    } catch (e) {
      throw new MjError({
        kind: 'config',
        message: t('The API key could not be read.'),
        hint: t('Set it again.'),
        remedy: 'setApiKey',
        cause: e,
      });
    }
    key = key?.trim();
    // No key: a self-hosted server without a secret needs none; others answer 401 and we say so then.
    if (!key) return {};
    if (!this.secureOrLoopback) {
      throw new MjError({
        kind: 'config',
        message: t(
          'The API key is not sent over plain http to {0}: anyone on the way could read it.',
          this.origin,
        ),
        hint: t(
          'Use an https:// base URL (plain http is allowed only for this machine: localhost, 127.0.0.1, ::1).',
        ),
        remedy: 'openSettings',
      });
    }
    if (bearer) return { authorization: `Bearer ${key}` };
    return this.opts.authHeader === 'mj-api-secret' ? { 'mj-api-secret': key } : { authorization: key };
  }

  /**
   * One exchange. Resolves with any HTTP status (3xx included: redirects are never followed, so the key
   * never travels to another origin); rejects with TransportError when there was no answer, or MjError
   * for a configuration problem found before sending.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(this.origin + this.basePath + req.path);
    if (url.origin !== this.origin) {
      // Only reachable through a bug building paths; refuse rather than send the key elsewhere.
      throw configError(t('Refusing to send a request outside {0}.', this.origin));
    }
    if (req.signal?.aborted) throw new TransportError('cancelled', undefined, true, req.signal.reason);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(await this.authHeaders(req.bearer)),
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }

    const controller = new AbortController();
    let timedOut = false;
    let rejectOnAbort: (e: TransportError) => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => (rejectOnAbort = reject));
    // Settle at once on abort, even if the dispatcher is slow to notice (a stalled peer).
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      rejectOnAbort(new TransportError('timeout', undefined, false, undefined));
    }, req.timeoutMs);
    const onCallerAbort = (): void => {
      controller.abort();
      rejectOnAbort(new TransportError('cancelled', undefined, false, req.signal?.reason));
    };
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });

    const exchange = async (): Promise<HttpResponse> => {
      const res = await request(url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.dispatcher,
        signal: controller.signal,
      });
      const text = await readCapped(res.body, MAX_ANSWER_BYTES);
      return { status: res.statusCode, headers: res.headers, text };
    };
    try {
      const pending = exchange();
      pending.catch(() => undefined); // the race below may already have settled
      return await Promise.race([pending, aborted]);
    } catch (e) {
      if (e instanceof TransportError || e instanceof MjError) throw e;
      if (timedOut) throw new TransportError('timeout', undefined, false, e);
      if (req.signal?.aborted) throw new TransportError('cancelled', undefined, false, e);
      throw classifyNetworkError(e);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** The most a JSON answer may hold: a list of 50 tasks is well under 1 MB; more is a broken or hostile server. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The body as text, or a 'server' MjError as soon as it passes `max` bytes (the rest is never read). */
async function readCapped(
  body: AsyncIterable<unknown> & { destroy(err?: Error): unknown },
  max: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > max) {
      body.destroy();
      throw new MjError({
        kind: 'server',
        message: t('The server sent an answer larger than {0} MB; it was not read.', max / 1024 / 1024),
      });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
