/**
 * How MjClient sends one call to the proxy's /mj API: the path prefix, the timeouts, and the retry rules
 * of its kind. Reads are retried with capped, jittered backoff; a submit is never re-sent once it may
 * have reached the server (one retry only after a refused connection), and a failure that may have
 * reached it is marked so. The endpoint methods are in client.ts.
 */
import type { Dispatcher } from 'undici';
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import { HttpTransport, TransportError } from '../net/http';
import type { HttpMethod, HttpResponse } from '../net/http';
import { httpError, markMayHaveReachedServer, parseRetryAfter, transportToMjError } from './httpErrors';
import { DEFAULT_RETRY, defaultSleep, nextDelay } from '../net/retry';
import type { RetryPolicy } from '../net/retry';
import type { AuthHeaderStyle } from '../model/types';

export interface MjClientOptions {
  /** e.g. https://api.deerapi.com or http://127.0.0.1:8787 (trailing slash tolerated). */
  baseUrl: string;
  /** The key, or a function asked before every request (so a key changed in secret storage applies at once). */
  apiKey: string | (() => Promise<string | undefined>);
  /** Default 'Authorization' (sent as the bare key: relays and TA accept it; NZ wants 'mj-api-secret'). */
  authHeader?: AuthHeaderStyle;
  /** '' | '/mj-fast' | '/mj-relax' | '/mj-turbo' → `${base}${prefix}/mj/...`. */
  pathPrefix?: string;
  /** Per request; default 30000 for submits, 15000 for reads. */
  timeoutMs?: number;
  /** Reads only; default 4 attempts, 500 ms base, 8000 ms cap. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** For proxies and tests (MockAgent); default: a private undici Agent. */
  dispatcher?: Dispatcher;
  /** One line per request: method, path, status, ms, attempt. Never the key. */
  logger?: (line: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Optional last argument of every method. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** A read is retried; a submit (anything that may start a task or change one) is not. */
export type CallKind = 'read' | 'submit';

/** How hard one read tries: its attempts, and a timeout other than the default. */
export interface CallLimits {
  attempts: number;
  timeoutMs?: number;
}

/** The path prefix: none, or one segment such as /mj-fast. */
const PREFIX_RE = /^(?:\/[A-Za-z0-9._-]+)?$/;

/** The transport, prefix and retry policy of one client, and the one way it sends a call. */
export class ApiCaller {
  readonly http: HttpTransport;
  readonly prefix: string;
  readonly policy: RetryPolicy;
  readonly log: (line: string) => void;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly opts: MjClientOptions) {
    this.http = new HttpTransport(opts);
    const prefix = (opts.pathPrefix ?? '').trim().replace(/\/+$/, '');
    if (!PREFIX_RE.test(prefix)) {
      throw new MjError({
        kind: 'config',
        message: t('The path prefix "{0}" is not valid (expected e.g. /mj-fast).', opts.pathPrefix ?? ''),
        remedy: 'openSettings',
      });
    }
    this.prefix = prefix;
    this.policy = {
      maxAttempts: Math.max(1, Math.floor(opts.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts)),
      baseDelayMs: opts.retry?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: opts.retry?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    };
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.log = opts.logger ?? (() => undefined);
  }

  /** Default timeout of a read. */
  get readTimeout(): number {
    return this.opts.timeoutMs ?? 15_000;
  }

  /**
   * One logical call to `{prefix}/mj{endpoint}` with the retry rules of its kind. Resolves with a 2xx
   * response; everything else becomes an MjError.
   */
  async call(
    kind: CallKind,
    method: HttpMethod,
    endpoint: string,
    body: unknown,
    o: CallOptions | undefined,
    limits: CallLimits = { attempts: this.policy.maxAttempts },
  ): Promise<HttpResponse> {
    const path = `${this.prefix}/mj${endpoint}`;
    const timeoutMs =
      limits.timeoutMs ?? (kind === 'submit' ? (this.opts.timeoutMs ?? 30_000) : this.readTimeout);
    // Submits: a second try only after a refused connection (see sendOnce's notSent).
    const maxAttempts = kind === 'submit' ? 2 : limits.attempts;
    const ctx = { endpoint: endpoint.replace(/\/task\/[^/]+\//, '/task/{id}/'), isSubmit: kind === 'submit' };

    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const tag = (what: string | number): string =>
        `${method} ${this.http.basePath}${path} ${what} ${Date.now() - started}ms attempt ${attempt}/${maxAttempts}`;
      let res: HttpResponse;
      try {
        res = await this.http.send({ method, path, body, timeoutMs, signal: o?.signal });
      } catch (e) {
        if (!(e instanceof TransportError)) throw e; // config errors: nothing was sent
        this.log(tag(e.code ?? e.kind));
        const err = transportToMjError(e, this.http.origin);
        if (e.kind === 'cancelled') {
          throw kind === 'submit' && !e.notSent ? markMayHaveReachedServer(err) : err;
        }
        // A certificate problem will not fix itself; DNS failures only matter for reads (transient).
        const retryable =
          !isTls(e.code) &&
          (kind === 'read' || (e.kind === 'network' && e.notSent && e.code !== 'ENOTFOUND'));
        if (retryable && attempt < maxAttempts) {
          await this.pause(nextDelay(attempt, this.policy, this.random, undefined) ?? 0, o);
          continue;
        }
        throw kind === 'submit' && !e.notSent ? markMayHaveReachedServer(err) : err;
      }
      this.log(tag(res.status));
      if (res.status >= 200 && res.status < 300) return res;

      const err = httpError(res, ctx);
      if (kind === 'submit') {
        // A 5xx may come from a gateway after the upstream took the job (502 after forwarding).
        throw res.status >= 500 ? markMayHaveReachedServer(err) : err;
      }
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      if (!retryable || attempt >= maxAttempts) throw err;
      const delay = nextDelay(attempt, this.policy, this.random, parseRetryAfter(res.headers['retry-after']));
      if (delay === undefined) throw err; // the server asks for a longer wait than we hold a request for
      await this.pause(delay, o);
    }
  }

  private async pause(ms: number, o?: CallOptions): Promise<void> {
    try {
      await this.sleep(ms, o?.signal);
    } catch (e) {
      throw new MjError({ kind: 'cancelled', message: t('The request was cancelled.'), cause: e });
    }
    if (o?.signal?.aborted)
      throw new MjError({ kind: 'cancelled', message: t('The request was cancelled.') });
  }
}

function isTls(code: string | undefined): boolean {
  return code !== undefined && /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code);
}
