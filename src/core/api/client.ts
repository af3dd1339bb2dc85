/**
 * MjClient: the Midjourney-proxy API as typed methods, for every dialect in API.md (new-api relays
 * such as DeerAPI, trueai-org and novicezk proxies). Pure core: no `vscode`; the host wraps it.
 *
 * The rule that shapes this file: a submit may cost the user money, so it is never re-sent once it
 * may have reached the server. Reads are retried with capped, jittered backoff; submits get one retry
 * only when the connection was refused before a byte was sent. How a call is sent and retried is in
 * apiCaller.ts; this file holds the endpoints and what their answers mean.
 */
import { t } from '../../shared/l10n';
import { videoBody } from '../media/video';
import type { VideoParams } from '../media/video';
import { MjError } from '../model/errors';
import { readBalance } from './billing';
import type { BalanceResult } from './billing';
import { parseSubmitResult, parseTask, parseTaskList } from './dto';
import { ApiCaller } from './apiCaller';
import type { CallLimits, CallOptions, MjClientOptions } from './apiCaller';
import { TransportError } from '../net/http';
import type { HttpMethod, HttpResponse } from '../net/http';
import {
  NOT_JSON,
  businessErrorFor,
  markMayHaveReachedServer,
  parseJsonText,
  transportToMjError,
  unexpectedAnswer,
} from './httpErrors';
import type { BlendDimensions, ChangeAction, SubmitResult, Task } from '../model/types';

// The options live with ApiCaller, which reads most of them; named here too, as the client's options.
export type { CallOptions, MjClientOptions } from './apiCaller';

/** What the store and poller need; MjClient implements it, tests can fake it. */
export interface TaskReader {
  fetchTask(id: string, opts?: CallOptions): Promise<Task | undefined>;
  listByCondition(ids: string[], opts?: CallOptions): Promise<Task[]>;
}

export interface ImagineParams {
  prompt: string;
  /** Reference images as data URLs. */
  base64Array?: string[];
  state?: string;
  botType?: 'MID_JOURNEY' | 'NIJI_JOURNEY';
}
export interface ChangeParams {
  taskId: string;
  action: ChangeAction;
  /** 1-4; required for UPSCALE/VARIATION. REROLL sends 1 when absent (relays reject index 0). */
  index?: number;
}
export interface ActionParams {
  taskId: string;
  /** A button's customId, verbatim. */
  customId: string;
  /** trueai: open the remix modal for this press. Sent only when set. */
  enableRemix?: boolean;
  /** trueai: Vary Strong (true) or Subtle (false) for V1-V4. Sent only when set. */
  strong?: boolean;
}
export interface ModalParams {
  /** The MODAL task's id (the one the action answered with). */
  taskId: string;
  prompt?: string;
  /** PNG data URL for Vary Region. */
  maskBase64?: string;
}
export interface BlendParams {
  base64Array: string[];
  dimensions?: BlendDimensions;
}
export interface DescribeParams {
  base64?: string;
  link?: string;
  /** trueai: "zh" for prompts in Chinese; other servers ignore it. */
  language?: string;
}
export interface EditsParams {
  prompt: string;
  /** The picture to edit: an http(s) URL or a base64 data URL. */
  image: string;
}
export interface ShortenParams {
  prompt: string;
  botType?: 'MID_JOURNEY' | 'NIJI_JOURNEY';
}

function invalidInput(message: string): MjError {
  return new MjError({ kind: 'business', message });
}

/** Typed client for one server. Safe to share; holds no per-task state. */
export class MjClient implements TaskReader {
  private readonly api: ApiCaller;

  /** Throws MjError 'config' for a base URL or path prefix that cannot work. */
  constructor(opts: MjClientOptions) {
    this.api = new ApiCaller(opts);
  }

  /** Close the private connection pool (a dispatcher passed in is left to its owner). */
  close(): Promise<void> {
    return this.api.http.close();
  }

  // ---- submits: may cost money, never re-sent once they may have arrived ----

  /** POST /submit/imagine. */
  async imagine(p: ImagineParams, o?: CallOptions): Promise<SubmitResult> {
    if (!p.prompt.trim() && !p.base64Array?.length) throw invalidInput(t('The prompt is empty.'));
    return this.submit('/submit/imagine', p, o);
  }

  /**
   * POST /submit/change (NZ and relays; TA v10+ answers 404 → 'unsupported'). A relay's code 1 may
   * hide a remix modal: see {@link detectHiddenModal}.
   */
  async change(p: ChangeParams, o?: CallOptions): Promise<SubmitResult> {
    const index = p.index ?? (p.action === 'REROLL' ? 1 : undefined);
    if (index === undefined || !Number.isInteger(index) || index < 1 || index > 4) {
      throw invalidInput(t('{0} needs an image number from 1 to 4.', p.action));
    }
    const result = await this.submit('/submit/change', { taskId: p.taskId, action: p.action, index }, o);
    return this.detectHiddenModal(result, o);
  }

  /** POST /submit/action with a button's customId. A relay's code 1 may hide a modal (see below). */
  async action(p: ActionParams, o?: CallOptions): Promise<SubmitResult> {
    const result = await this.submit('/submit/action', p, o);
    return this.detectHiddenModal(result, o);
  }

  /** POST /submit/modal: starts a MODAL task with the user's prompt (CustomZoom) or mask (Vary Region). */
  modal(p: ModalParams, o?: CallOptions): Promise<SubmitResult> {
    return this.submit('/submit/modal', p, o);
  }

  /** POST /submit/blend; 2-5 images, checked here so a doomed request is never paid for. */
  async blend(p: BlendParams, o?: CallOptions): Promise<SubmitResult> {
    const n = p.base64Array.length;
    if (n < 2 || n > 5) throw invalidInput(t('Blend needs 2 to 5 images (got {0}).', n));
    return this.submit('/submit/blend', p, o);
  }

  /** POST /submit/describe with a data URL (`base64`) or, on TA, a `link`. */
  async describe(p: DescribeParams, o?: CallOptions): Promise<SubmitResult> {
    if (!p.base64 && !p.link) throw invalidInput(t('Describe needs an image.'));
    return this.submit('/submit/describe', p, o);
  }

  /** POST /submit/shorten. */
  async shorten(p: ShortenParams, o?: CallOptions): Promise<SubmitResult> {
    if (!p.prompt.trim()) throw invalidInput(t('The prompt is empty.'));
    return this.submit('/submit/shorten', p, o);
  }

  /** POST /submit/edits (TA, new-api relays): a prompt applied to one picture → a task with action EDIT. */
  async edits(p: EditsParams, o?: CallOptions): Promise<SubmitResult> {
    if (!p.prompt.trim()) throw invalidInput(t('The prompt is empty.'));
    if (!/^(?:https?:\/\/|data:image\/)/i.test(p.image)) throw invalidInput(t('Edit needs an image.'));
    return this.submit('/submit/edits', { prompt: p.prompt, image: p.image }, o);
  }

  /** POST /submit/retexture (trueai): like edits, the picture's shapes kept and its surfaces re-made → RETEXTURE. */
  async retexture(p: EditsParams, o?: CallOptions): Promise<SubmitResult> {
    if (!p.prompt.trim()) throw invalidInput(t('The prompt is empty.'));
    if (!/^(?:https?:\/\/|data:image\/)/i.test(p.image)) throw invalidInput(t('Retexture needs an image.'));
    return this.submit('/submit/retexture', { prompt: p.prompt, image: p.image }, o);
  }

  /**
   * POST /submit/upload-discord-images {base64Array} (trueai, relays) → one http(s) link per picture, usable
   * as `--sref`, `--oref` or an image prompt. Starts no job. Throws 'unsupported' where the server lacks it.
   */
  async uploadImages(base64Array: string[], o?: CallOptions): Promise<string[]> {
    if (base64Array.length === 0) throw invalidInput(t('Choose at least one picture.'));
    const res = await this.api.call('submit', 'POST', '/submit/upload-discord-images', { base64Array }, o);
    const body = parseJsonText(res.text);
    if (typeof body !== 'object' || body === null) throw unexpectedAnswer(res, 'submitResult');
    const { code, description, result } = body as { code?: unknown; description?: unknown; result?: unknown };
    if (Number(code) !== 1) throw businessErrorFor(Number(code), String(description ?? ''), {}, res.status);
    const list = Array.isArray(result) ? result : [result];
    const urls = list.filter((u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u));
    if (urls.length !== base64Array.length) throw unexpectedAnswer(res, 'submitResult');
    return urls;
  }

  /** POST /submit/video (TA, relays): a video from a first frame, or `action: "extend"` of one clip. */
  async video(p: VideoParams, o?: CallOptions): Promise<SubmitResult> {
    return this.submit('/submit/video', videoBody(p), o);
  }

  /** POST /task/{id}/cancel. Treated like a submit (it changes server state): never re-sent. */
  async cancel(id: string, o?: CallOptions): Promise<void> {
    const res = await this.api.call('submit', 'POST', `/task/${encodeURIComponent(id)}/cancel`, undefined, o);
    const body = parseJsonText(res.text);
    // TA answers 200 with no body; a JSON answer with a refusing code is an error.
    if (typeof body === 'object' && body !== null && 'code' in body) {
      const { code, description } = body as { code: unknown; description?: unknown };
      if (Number(code) !== 1) throw businessErrorFor(Number(code), String(description ?? ''), {}, res.status);
    }
  }

  // ---- reads: retried on network trouble, timeouts, 408, 429 and 5xx ----

  /**
   * GET /task/{id}/fetch. Undefined when the server says the task does not exist (NZ 200 empty body,
   * TA 204, relay 400 task_not_found, TA 404 code 3).
   */
  fetchTask(id: string, o?: CallOptions): Promise<Task | undefined> {
    return this.fetchTaskWith(id, { attempts: this.api.policy.maxAttempts }, o);
  }

  private async fetchTaskWith(id: string, limits: CallLimits, o?: CallOptions): Promise<Task | undefined> {
    let res: HttpResponse;
    try {
      res = await this.api.call('read', 'GET', `/task/${encodeURIComponent(id)}/fetch`, undefined, o, limits);
    } catch (e) {
      if (e instanceof MjError && e.kind === 'notFound') return undefined;
      throw e;
    }
    if (res.status === 204) return undefined;
    const body = parseJsonText(res.text);
    if (body === undefined || body === null) return undefined;
    if (body === NOT_JSON) throw unexpectedAnswer(res, 'task');
    const task = parseTask(body);
    return task.id ? task : { ...task, id };
  }

  /**
   * POST /task/list-by-condition {ids}: many tasks in one request. Throws MjError 'unsupported' on
   * 404/405 so the poller can fall back to fetchTask.
   */
  async listByCondition(ids: string[], o?: CallOptions): Promise<Task[]> {
    if (ids.length === 0) return [];
    const res = await this.api.call('read', 'POST', '/task/list-by-condition', { ids }, o);
    return this.taskList(res);
  }

  /** GET /task/list (NZ: all tasks; TA: the newest 100; relays: usually 404 → 'unsupported'). */
  async listTasks(o?: CallOptions): Promise<Task[]> {
    return this.taskList(await this.api.call('read', 'GET', '/task/list', undefined, o));
  }

  /** What is left on the key (new-api billing API at the root of the base URL); `none` where it is missing. */
  balance(o?: CallOptions): Promise<BalanceResult> {
    return readBalance(this.api.http, { signal: o?.signal, log: this.api.log });
  }

  /** GET /task/{id}/image-seed → the seed as text. */
  async imageSeed(id: string, o?: CallOptions): Promise<string> {
    const res = await this.api.call(
      'read',
      'GET',
      `/task/${encodeURIComponent(id)}/image-seed`,
      undefined,
      o,
    );
    const body = parseJsonText(res.text);
    if (typeof body !== 'object' || body === null) throw unexpectedAnswer(res, 'seed');
    const { code, description, result } = body as { code?: unknown; description?: unknown; result?: unknown };
    if (Number(code) === 1 && (typeof result === 'string' || typeof result === 'number'))
      return String(result);
    if (Number(code) === 3) {
      throw new MjError({ kind: 'notFound', message: t('The task does not exist on the server.') });
    }
    throw businessErrorFor(Number(code), String(description ?? ''), {}, res.status);
  }

  /**
   * One request, once, that never throws on an HTTP status: "Test Connection" uses it to learn which
   * endpoints a server has. Only empty bodies are sent to submit endpoints, which every server rejects
   * as invalid before doing any work, so a probe can never start (or charge for) a task.
   */
  async probe(
    method: HttpMethod,
    endpoint: string,
    body?: unknown,
    o?: CallOptions,
  ): Promise<{ status: number; json: unknown; isJson: boolean }> {
    const path = `${this.api.prefix}/mj${endpoint}`;
    try {
      const res = await this.api.http.send({ method, path, body, timeoutMs: 8000, signal: o?.signal });
      this.api.log(`${method} ${this.api.http.basePath}${path} ${res.status} (probe)`);
      const json = parseJsonText(res.text);
      return { status: res.status, json: json === NOT_JSON ? undefined : json, isJson: json !== NOT_JSON };
    } catch (e) {
      if (e instanceof TransportError) throw transportToMjError(e, this.api.http.origin);
      throw e;
    }
  }

  // ---- internals ----

  private taskList(res: HttpResponse): Task[] {
    const body = parseJsonText(res.text);
    if (body === undefined) return [];
    if (body === NOT_JSON) throw unexpectedAnswer(res, 'taskList');
    return parseTaskList(body);
  }

  private async submit(endpoint: string, body: unknown, o?: CallOptions): Promise<SubmitResult> {
    const res = await this.api.call('submit', 'POST', endpoint, body, o);
    const json = parseJsonText(res.text);
    if (json === NOT_JSON || json === undefined) {
      // A 2xx we cannot read: the server did get the request, and may have started the job.
      throw markMayHaveReachedServer(unexpectedAnswer(res, 'submitResult'));
    }
    return parseSubmitResult(json, res.status);
  }

  /**
   * New-api relays rewrite a remix "Waiting for window confirm" (code 21) to code 1, so after a code-1
   * answer to action/change we look at the new task once; if it is MODAL the caller must open the
   * modal. This is a read (safe to retry), and any failure of it is swallowed: the submit itself
   * succeeded, and reporting it as failed would invite a paid re-submit. Relays may still show status
   * "" for ~15 s after a submit; the poller sees MODAL later in that case and must handle it too.
   */
  private async detectHiddenModal(result: SubmitResult, o?: CallOptions): Promise<SubmitResult> {
    if (result.code !== 1 || result.needsModal) return result;
    try {
      // Short and few: the user is waiting on an action that already succeeded.
      const limits = {
        attempts: Math.min(2, this.api.policy.maxAttempts),
        timeoutMs: Math.min(5000, this.api.readTimeout),
      };
      const task = await this.fetchTaskWith(result.taskId, limits, o);
      if (task?.status === 'MODAL') {
        return { ...result, needsModal: true, finalPrompt: result.finalPrompt ?? task.finalPrompt };
      }
    } catch {
      // See above: never turn an accepted submit into an error.
    }
    return result;
  }
}
