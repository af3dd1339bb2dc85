/**
 * Typed errors of the core. Each says, in words a user understands, what happened (`message`) and
 * what they can do (`hint`), and names the action that fits (`remedy`), which the host turns into a button.
 * The words are in the UI language (src/shared/l10n.ts), made when the error is made.
 */

/** What the host offers next to the message. */
export type Remedy = 'setApiKey' | 'openSettings' | 'retry' | 'showLog' | 'none';

export type MjErrorKind =
  | 'auth' // 401/403: the key is wrong, expired or lacks rights
  | 'rateLimited' // 429
  | 'relay' // HTTP 400 JSON from a relay: quota_not_enough, task_not_found, unknown_action:…
  | 'server' // 5xx, or a body that is not the JSON we expect (an HTML gateway page)
  | 'network' // could not connect, connection reset, DNS
  | 'timeout' // no answer in time
  | 'cancelled' // the caller aborted
  | 'business' // a submit's return code other than accepted: 3, 4, 9, 23, 24, 21 (NZ "exists")
  | 'notFound' // the task does not exist on the server
  | 'unsupported' // the server has no such endpoint (404/405 on a known path)
  | 'config'; // our own settings are wrong (bad base URL, key refused to be sent over http)

export interface MjErrorInit {
  kind: MjErrorKind;
  message: string;
  hint?: string;
  remedy?: Remedy;
  httpStatus?: number;
  /** The server's return code, for business errors. */
  code?: number;
  /** The server's own text (untrusted; show as text only). */
  serverDescription?: string;
  /** Seconds to wait, from Retry-After. */
  retryAfterSeconds?: number;
  /** For code 24. */
  bannedWord?: string;
  /** For code 22 / queue errors. */
  queuePosition?: number;
  /**
   * For submits: true when the request may have reached the server, so it must not be re-sent
   * automatically (it may cost money twice).
   */
  mayHaveReachedServer?: boolean;
  /** The task the error is about, when the server named one (NZ code 21: the task that already exists). */
  taskId?: string;
  cause?: unknown;
}

/**
 * Marks every MjError, whichever bundle's copy of this file made it: the extension ships several bundles that
 * each carry the core they use (esbuild.js, `chunks`), so `instanceof` must not depend on one class object.
 */
const MJ_ERROR = Symbol.for('midjourney-studio.MjError');

export class MjError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && MJ_ERROR in value;
  }

  readonly [MJ_ERROR] = true;
  readonly kind: MjErrorKind;
  readonly hint: string;
  readonly remedy: Remedy;
  readonly httpStatus?: number;
  readonly code?: number;
  readonly serverDescription?: string;
  readonly retryAfterSeconds?: number;
  readonly bannedWord?: string;
  readonly queuePosition?: number;
  readonly mayHaveReachedServer: boolean;
  readonly taskId?: string;

  constructor(init: MjErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'MjError';
    this.kind = init.kind;
    this.hint = init.hint ?? '';
    this.remedy = init.remedy ?? 'none';
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.serverDescription = init.serverDescription;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.bannedWord = init.bannedWord;
    this.queuePosition = init.queuePosition;
    this.mayHaveReachedServer = init.mayHaveReachedServer ?? false;
    this.taskId = init.taskId;
  }

  /** One sentence for the user: what happened, then what to do. */
  get userMessage(): string {
    return this.hint ? joinSentences(this.message, this.hint) : this.message;
  }
}

/**
 * Two whole sentences, one after the other: with a space between them, except after a full-width stop
 * (Chinese sentences follow one another with none). Server text may end the first one, so it decides.
 */
export function joinSentences(first: string, second: string): string {
  return /[。！？）」』]$/.test(first) ? `${first}${second}` : `${first} ${second}`;
}

export function isMjError(e: unknown): e is MjError {
  return e instanceof MjError;
}
