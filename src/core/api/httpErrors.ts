/**
 * Turns what the transport saw (a status and a body, or no answer at all) into MjError: one sentence a
 * user understands, a hint, and the remedy the host offers as a button. Pure functions, no I/O.
 */
import { t } from '../../shared/l10n';
import { MjError, joinSentences } from '../model/errors';
import type { MjErrorInit } from '../model/errors';
import type { HttpResponse, TransportError } from '../net/http';

/** Marker for a body that is not JSON. */
export const NOT_JSON: unique symbol = Symbol('notJson');

/** Parse a body; empty text is `undefined` (NZ answers an unknown task with an empty 200). */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** A gateway's or a website's error page rather than data. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*<(?:!doctype|html|head|body|\?xml|title|h1|center)\b/i.test(text);
}

/** Retry-After as seconds (it may be a number of seconds or an HTTP date); undefined when absent or odd. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(v)) return Math.ceil(Number(v));
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Server text is untrusted and can be long: keep a readable excerpt. */
function excerpt(s: string, max = 300): string {
  const text = s.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The server's own words from a JSON error body (`description`, NA's `error.message`, `message`). */
export function serverText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { description?: unknown; message?: unknown; error?: unknown };
  if (typeof b.description === 'string' && b.description.trim()) return excerpt(b.description);
  const err = b.error as { message?: unknown } | undefined;
  if (typeof err?.message === 'string' && err.message.trim()) return excerpt(err.message);
  if (typeof b.message === 'string' && b.message.trim()) return excerpt(b.message);
  return undefined;
}

function bodyCode(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const c = Number((body as { code?: unknown }).code);
  return Number.isFinite(c) ? c : undefined;
}

const webPage = (status: number): string =>
  t(
    'The server answered with a web page instead of data (HTTP {0}) — it may be down or behind a proxy.',
    status,
  );

/** Where the request went, as the user would name it: `/submit/imagine`, `/task/list-by-condition`. */
export interface RequestContext {
  /** e.g. `/submit/action`; shown in messages. */
  endpoint: string;
  /** Submits may cost money; a few rules differ (TA's 404 code 3 on action/modal). */
  isSubmit: boolean;
}

/** An MjError for a non-2xx answer. */
export function httpError(res: HttpResponse, ctx: RequestContext): MjError {
  const { status } = res;
  const body = parseJsonText(res.text);
  const desc =
    body === NOT_JSON ? (looksLikeHtml(res.text) ? undefined : excerpt(res.text)) : serverText(body);
  const base = { httpStatus: status, serverDescription: desc || undefined };

  if (status >= 300 && status < 400) {
    const loc = res.headers['location'];
    let where: string | undefined;
    try {
      where = loc ? new URL(String(loc)).origin : undefined;
    } catch {
      where = undefined;
    }
    return new MjError({
      ...base,
      kind: 'config',
      message: t('The server redirected to another address (HTTP {0}); check the base URL.', status),
      hint: where
        ? t('The key is only sent to the configured address. It points to {0}.', where)
        : t('The key is only sent to the configured address.'),
      remedy: 'openSettings',
      serverDescription: undefined,
    });
  }
  if (status === 401 || status === 403) {
    return new MjError({
      ...base,
      kind: 'auth',
      message: t('The server refused the API key (HTTP {0}).', status),
      hint: t('Set a valid key.'),
      remedy: 'setApiKey',
    });
  }
  if (status === 429 && bodyCode(body) === 30) {
    // new-api answers its upstream's "group saturated" (code 30) with HTTP 429: refused, not charged.
    const e = businessErrorFor(30, desc ?? '', {}, status);
    return new MjError({
      kind: e.kind,
      message: e.message,
      hint: e.hint,
      remedy: e.remedy,
      httpStatus: status,
      code: 30,
      serverDescription: e.serverDescription,
      retryAfterSeconds: parseRetryAfter(res.headers['retry-after']),
    });
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(res.headers['retry-after']);
    return new MjError({
      ...base,
      kind: 'rateLimited',
      message: t('The server is limiting how often it can be asked (HTTP {0}).', status),
      hint: retryAfterSeconds
        ? t('Wait {0} s and try again.', retryAfterSeconds)
        : t('Wait a moment and try again.'),
      remedy: 'retry',
      retryAfterSeconds,
    });
  }
  if ((status === 404 || status === 405) && bodyCode(body) === 3) {
    // TA answers a missing parent/task with HTTP 404 and a code-3 JSON body, not a missing endpoint.
    return ctx.isSubmit
      ? businessErrorFor(3, desc ?? '', {}, status)
      : new MjError({ ...base, kind: 'notFound', message: t('The task does not exist on the server.') });
  }
  if (status === 404 || status === 405) {
    return new MjError({
      ...base,
      kind: 'unsupported',
      message: t('This server does not offer {0} (HTTP {1}).', ctx.endpoint, status),
      hint: t('Check midjourney.baseUrl, or use a server that supports it.'),
      remedy: 'openSettings',
    });
  }
  if (status === 408) {
    return new MjError({
      ...base,
      kind: 'timeout',
      message: t('The server gave up waiting for the request (HTTP {0}).', status),
      hint: t('Try again.'),
      remedy: 'retry',
    });
  }
  if (status === 400) return relayError(desc, status);
  if (status >= 500) {
    const html = body === NOT_JSON && looksLikeHtml(res.text);
    return new MjError({
      ...base,
      kind: 'server',
      message: html
        ? webPage(status)
        : desc
          ? t('The server had a problem (HTTP {0}): {1}', status, desc)
          : t('The server had a problem (HTTP {0}).', status),
      hint: t('Try again in a moment.'),
      remedy: 'retry',
    });
  }
  return new MjError({
    ...base,
    kind: 'server',
    message: desc
      ? t('The server refused the request (HTTP {0}): {1}', status, desc)
      : t('The server refused the request (HTTP {0}).', status),
    remedy: 'showLog',
  });
}

/**
 * A button the server refused outright: a relay's HTTP 400 `unknown_action:…` (new-api knows only some
 * customIds). Nothing was accepted or charged, so another route to the same result may be tried.
 */
export function isRefusedAction(e: unknown): boolean {
  return e instanceof MjError && e.httpStatus === 400 && /^unknown_action:/.test(e.serverDescription ?? '');
}

/** NA relays answer their own errors as HTTP 400 `{description, type, code}`. */
function relayError(desc: string | undefined, status: number): MjError {
  const d = (desc ?? '').trim();
  const base = { httpStatus: status, serverDescription: d || undefined };
  if (d === 'quota_not_enough') {
    return new MjError({
      ...base,
      kind: 'relay',
      message: t('Your relay account has run out of quota. Top it up and try again.'),
    });
  }
  if (d === 'task_not_found' || d === 'task_no_found') {
    return new MjError({ ...base, kind: 'notFound', message: t('The task does not exist on the server.') });
  }
  const unknownAction = /^unknown_action:(.*)$/s.exec(d);
  if (unknownAction) {
    return new MjError({
      ...base,
      kind: 'relay',
      message: t('The server does not support this button ({0}).', excerpt(unknownAction[1] ?? '', 120)),
    });
  }
  return new MjError({
    ...base,
    kind: 'relay',
    message: d
      ? t('The server refused the request: {0}', d)
      : t('The server refused the request (HTTP {0}).', status),
    remedy: 'showLog',
  });
}

/** What a server answer should have been, for {@link unexpectedAnswerText}. */
export type ExpectedAnswer = 'task' | 'seed' | 'taskList' | 'submitResult' | 'submitCode' | 'taskId';

/** "The server sent an unexpected answer (… was expected)." as one whole sentence per case, so it translates. */
export function unexpectedAnswerText(what: ExpectedAnswer): string {
  switch (what) {
    case 'task':
      return t('The server sent an unexpected answer (a task was expected).');
    case 'seed':
      return t('The server sent an unexpected answer (a seed was expected).');
    case 'taskList':
      return t('The server sent an unexpected answer (a list of tasks was expected).');
    case 'submitResult':
      return t('The server sent an unexpected answer (a submit result was expected).');
    case 'submitCode':
      return t('The server sent an unexpected answer (a submit result with a code was expected).');
    case 'taskId':
      return t('The server sent an unexpected answer (the new task id was expected).');
  }
}

/** A 2xx whose body is not the JSON we expect. */
export function unexpectedAnswer(res: HttpResponse, what: ExpectedAnswer): MjError {
  const html = looksLikeHtml(res.text);
  return new MjError({
    kind: 'server',
    httpStatus: res.status,
    message: html ? webPage(res.status) : unexpectedAnswerText(what),
    hint: t('Check midjourney.baseUrl.'),
    remedy: 'openSettings',
  });
}

/**
 * A submit's return code other than accepted, as a business error (API.md §2). Also used for NZ's 21
 * "already exists" (its task id is carried in `taskId`).
 */
export function businessErrorFor(
  code: number,
  description: string,
  properties: Record<string, unknown>,
  httpStatus?: number,
  taskId?: string,
): MjError {
  const desc = excerpt(description);
  const base: Omit<MjErrorInit, 'kind' | 'message'> = {
    code,
    httpStatus,
    serverDescription: desc || undefined,
  };
  const init = ((): MjErrorInit => {
    switch (code) {
      case 3:
        return {
          ...base,
          kind: 'business',
          message: t('The task this action came from no longer exists on the server.'),
          hint: desc ? t('({0})', desc) : '',
        };
      case 4:
        return {
          ...base,
          kind: 'business',
          message: desc
            ? t('The server refused the request: {0}', desc)
            : t('The server refused the request: invalid input'),
        };
      case 23:
        return {
          ...base,
          kind: 'business',
          message: t("The server's queue is full, so the task was not started and nothing was charged."),
          hint: t('Try again in a few minutes.'),
          remedy: 'retry',
        };
      case 30:
        return {
          ...base,
          kind: 'business',
          message: t(
            "The relay's group of accounts is saturated right now, so the task was not started and nothing was charged.",
          ),
          hint: t('Try again in a minute, or switch to another server profile.'),
          remedy: 'retry',
        };
      case 9:
        return {
          ...base,
          kind: 'business',
          message: desc
            ? t("The server's queue is full or it could not take the task ({0}).", desc)
            : t("The server's queue is full or it could not take the task."),
          hint: t('Try again later.'),
          remedy: 'retry',
        };
      case 21:
        return {
          ...base,
          kind: 'business',
          message: taskId
            ? t('This task already exists on the server (task {0}).', taskId)
            : t('This task already exists on the server.'),
          hint: t('Open the existing task instead.'),
          taskId,
        };
      case 24: {
        const word = typeof properties.bannedWord === 'string' ? excerpt(properties.bannedWord, 60) : '';
        return {
          ...base,
          kind: 'business',
          bannedWord: word || undefined,
          message: word
            ? t(
                'The prompt was refused for the banned word "{0}"; nothing was charged. Rephrase it and submit again.',
                word,
              )
            : t(
                'The prompt was refused: it may contain a banned word; nothing was charged. Rephrase it and submit again.',
              ),
        };
      }
      default:
        return {
          ...base,
          kind: 'business',
          message: desc
            ? t('The server did not accept the request (code {0}): {1}', code, desc)
            : t('The server did not accept the request (code {0}).', code),
        };
    }
  })();
  return new MjError(init);
}

/** An MjError for an exchange that got no HTTP answer. */
export function transportToMjError(err: TransportError, origin: string): MjError {
  if (err.kind === 'cancelled') {
    return new MjError({ kind: 'cancelled', message: t('The request was cancelled.'), cause: err });
  }
  if (err.kind === 'timeout') {
    return new MjError({
      kind: 'timeout',
      message: t('{0} did not answer in time.', origin),
      hint: t('Try again in a moment.'),
      remedy: 'retry',
      cause: err,
    });
  }
  const code = err.code ?? '';
  if (/^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) {
    return new MjError({
      kind: 'network',
      message: t('The secure connection to {0} failed ({1}).', origin, code),
      hint: t('Check midjourney.baseUrl; the server certificate was not accepted.'),
      remedy: 'openSettings',
      cause: err,
    });
  }
  if (err.notSent) {
    return new MjError({
      kind: 'network',
      message: code ? t('Could not reach {0} ({1}).', origin, code) : t('Could not reach {0}.', origin),
      hint: t('Check midjourney.baseUrl and your connection.'),
      remedy: 'openSettings',
      cause: err,
    });
  }
  return new MjError({
    kind: 'network',
    message: code
      ? t('The connection to {0} broke ({1}).', origin, code)
      : t('The connection to {0} broke.', origin),
    hint: t('Try again in a moment.'),
    remedy: 'retry',
    cause: err,
  });
}

/** The sentence every submit error carries when the server may have acted on the request. */
export function mayHaveReachedText(): string {
  return t(
    'The server may have received the request; check the task list before trying again (it could be charged twice).',
  );
}

/**
 * Mark a submit's error as possibly received. The remedy is no longer "retry": a blind retry is
 * exactly how a user gets charged twice.
 */
export function markMayHaveReachedServer(err: MjError): MjError {
  return new MjError({
    kind: err.kind,
    message: joinSentences(err.message, mayHaveReachedText()),
    hint: '',
    remedy: 'showLog',
    httpStatus: err.httpStatus,
    code: err.code,
    serverDescription: err.serverDescription,
    retryAfterSeconds: err.retryAfterSeconds,
    mayHaveReachedServer: true,
    cause: err.cause ?? err,
  });
}
