/**
 * What happens when the user asks for a task: submit it once, record it in the store (with its parent),
 * and hand it to the poller. Pure core: the host calls these from commands and the panel.
 *
 * Money rule: every method here sends at most one submit per call and never retries it; a retry is a
 * new call that the user confirmed. What needs no submit (track, adopt, refresh, cancel, seed, result
 * prompts) is the base class, TaskTracking (taskTracking.ts).
 */
import { t } from '../../shared/l10n';
import { changeButtonsFor, parseChangeId } from '../api/buttons';
import type { ChangeRequest } from '../api/buttons';
import { ServerRoutes } from '../api/serverRoutes';
import { MjError } from '../model/errors';
import { isRefusedAction } from '../api/httpErrors';
import type { TaskOrigin, TaskRecord } from './store';
import type { BlendDimensions, SubmitResult, Task } from '../model/types';
import { TaskTracking } from './taskTracking';
import { isVideoTask, VIDEO_CLIPS, videoUrlsOf } from '../media/video';
import type { VideoBatchSize, VideoMotion, VideoResolution } from '../media/video';

/** A video from a picture: its prompt, motion and first frame; trueai's clip count and resolution when chosen. */
export interface VideoFromImage {
  prompt: string;
  motion: VideoMotion;
  image: string;
  batchSize?: VideoBatchSize;
  resolution?: VideoResolution;
}

// The deps are the base class's, so that taskTracking.ts needs nothing of this file; named here too.
export type { SubmitApi, TaskServiceDeps } from './taskTracking';

/** Extras of a button press that some servers take (trueai `/submit/action`). */
export interface PressOptions {
  /** Vary Strong (true) or Subtle (false) for V1-V4. */
  strong?: boolean;
  /** Open the remix modal for this press. */
  enableRemix?: boolean;
}

export interface SubmitOutcome {
  record: TaskRecord;
  /** The server waits for /submit/modal (Custom Zoom, Vary Region, Remix). */
  needsModal: boolean;
}

export class TaskService extends TaskTracking {
  /** Submits an imagine. `prompt` is final (suffix already applied). */
  async imagine(
    prompt: string,
    opts: {
      base64Array?: string[];
      signal?: AbortSignal;
      /** Kept on the record: the prompt file line it came from, and the batch it is part of. */
      extra?: Pick<TaskRecord, 'source' | 'batch'>;
    } = {},
  ): Promise<SubmitOutcome> {
    const result = await this.deps
      .client()
      .imagine({ prompt, base64Array: opts.base64Array }, { signal: opts.signal });
    return this.record(
      result,
      { prompt, action: 'IMAGINE' },
      { kind: 'imagine' },
      undefined,
      undefined,
      opts.extra,
    );
  }

  /**
   * Presses a button of a finished task. Only a customId the server offered for that task is sent (or, for
   * servers without buttons, a U/V/reroll pseudo-id on a grid task); anything else is refused here.
   */
  async pressButton(parentId: string, customId: string, opts: PressOptions = {}): Promise<SubmitOutcome> {
    const parent = this.deps.store.get(parentId);
    if (!parent) {
      throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    }
    const offered = parent.task.buttons.find((b) => b.customId === customId);
    const change = parseChangeId(customId);
    // A pseudo-button counts only where the panel shows it (a finished grid without server buttons): an
    // upscale has no U/V/reroll, and the webview's word is not enough to send one.
    const offeredChange = change && changeButtonsFor(parent.task).some((b) => b.customId === customId);
    if (!offered && !offeredChange) {
      throw new MjError({
        kind: 'business',
        message: t('The server did not offer that button for this task.'),
        hint: t('Refresh the task and try again.'),
      });
    }
    const label = offered ? offered.label || offered.emoji || customId : customId;
    const client = this.deps.client(parent.profileId);
    if (change && !offered) {
      // trueai v10+ has no /submit/change: once its 404 was seen for this profile, go by the task's buttons.
      if (this.routes.lacks(parent.profileId, 'change')) return this.changeViaAction(parentId, change, opts);
      // REROLL carries index 0 in our pseudo-id; the client sends the index relays require.
      const index = change.action === 'REROLL' ? undefined : change.index;
      let result: SubmitResult;
      try {
        result = await client.change({ taskId: parentId, action: change.action, index });
      } catch (e) {
        // A 404/405 is a missing route, not a refused job: nothing was started or charged.
        if (!(e instanceof MjError) || e.kind !== 'unsupported' || e.mayHaveReachedServer) throw e;
        await this.routes.markMissing(parent.profileId, 'change');
        return this.changeViaAction(parentId, change, opts);
      }
      return this.record(
        result,
        { prompt: parent.task.prompt, action: change.action },
        { kind: 'change', customId, label: changeLabel(change.action, change.index) },
        parentId,
        parent.profileId,
      );
    }
    const result = await client.action({ taskId: parentId, customId, ...pressExtras(opts) });
    return this.record(
      result,
      { prompt: parent.task.prompt, action: actionOf(customId) },
      { kind: 'action', customId, label },
      parentId,
      parent.profileId,
    );
  }

  /** What each profile's server was seen without (shared with the upload of reference pictures). */
  get routes(): ServerRoutes {
    this.ownRoutes ??= this.deps.routes ?? new ServerRoutes();
    return this.ownRoutes;
  }
  private ownRoutes: ServerRoutes | undefined;

  /**
   * U/V/reroll on a server without /submit/change: the task is read again for the buttons the server
   * offers now, and the matching one is pressed through /submit/action. No such button: a clear error,
   * and nothing was sent that could cost money.
   */
  private async changeViaAction(
    parentId: string,
    change: ChangeRequest,
    opts: PressOptions,
  ): Promise<SubmitOutcome> {
    const parent = this.deps.store.get(parentId);
    if (!parent) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    const client = this.deps.client(parent.profileId);
    const fresh = await client.fetchTask(parentId);
    const buttons = fresh?.buttons ?? [];
    if (fresh && buttons.length > 0) {
      await this.deps.store.update(parentId, (r) => ({
        ...r,
        task: { ...r.task, buttons },
        updatedAt: this.now(),
      }));
    }
    const family =
      change.action === 'UPSCALE' ? 'upsample' : change.action === 'VARIATION' ? 'variation' : 'reroll';
    const want =
      change.action === 'REROLL'
        ? /^MJ::JOB::reroll::/
        : new RegExp(`^MJ::JOB::${family}::${change.index}::`);
    const button = buttons.find((b) => want.test(b.customId));
    const label = changeLabel(change.action, change.index);
    if (!button) {
      throw new MjError({
        kind: 'unsupported',
        message: t('This server has no /submit/change and did not offer {0} for this task.', label),
        hint: t('Nothing was sent or charged. Refresh the task to see what the server offers.'),
      });
    }
    const result = await client.action({ taskId: parentId, customId: button.customId, ...pressExtras(opts) });
    return this.record(
      result,
      { prompt: parent.task.prompt, action: change.action },
      { kind: 'action', customId: button.customId, label },
      parentId,
      parent.profileId,
    );
  }

  /** Answers a MODAL task (Custom Zoom, Vary Region, Remix) and starts polling it. */
  async submitModal(taskId: string, prompt: string, maskBase64?: string): Promise<TaskRecord> {
    const profileId = this.deps.store.get(taskId)?.profileId;
    const result = await this.deps.client(profileId).modal({ taskId, prompt, maskBase64 });
    const id = result.taskId || taskId;
    if (id !== taskId && this.deps.store.get(id)) throw duplicateId(id);
    const rec = await this.deps.store.update(id, (r) => ({
      ...r,
      task: { ...r.task, status: 'SUBMITTED', prompt: prompt || r.task.prompt },
      updatedAt: this.now(),
    }));
    this.deps.track(id);
    if (!rec) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    return rec;
  }

  /**
   * Re-submits a failed or cancelled task the way it was made. The caller asks the user first: it costs money.
   */
  async retry(taskId: string): Promise<SubmitOutcome> {
    const rec = this.deps.store.get(taskId);
    if (!rec) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    const { origin } = rec;
    if ((origin.kind === 'action' || origin.kind === 'change') && rec.parentId && origin.customId) {
      return this.pressButton(rec.parentId, origin.customId);
    }
    if (origin.kind === 'edit') {
      // The picture is not kept with the task; re-imagining the prompt alone would be a different job.
      throw new MjError({ kind: 'business', message: t('Run Edit Image again to retry an edit.') });
    }
    const prompt = rec.task.prompt;
    if (!prompt.trim()) {
      throw new MjError({ kind: 'business', message: t('This task has no prompt to submit again.') });
    }
    const result = await this.deps.client(rec.profileId).imagine({ prompt });
    return this.record(result, { prompt, action: 'IMAGINE' }, { kind: 'imagine' }, undefined, rec.profileId);
  }

  /** Submits a blend of 2-5 images (data URLs). `label` names it in the tree ("Blend 3 images"). */
  async blend(base64Array: string[], dimensions: BlendDimensions, label: string): Promise<SubmitOutcome> {
    const result = await this.deps.client().blend({ base64Array, dimensions });
    return this.record(result, { prompt: '', action: 'BLEND' }, { kind: 'blend', label }, undefined);
  }

  /** Submits a describe of one image (a data URL); its result holds four prompts. */
  async describe(base64: string, label: string, language?: string): Promise<SubmitOutcome> {
    const result = await this.deps.client().describe({ base64, ...(language ? { language } : {}) });
    return this.record(result, { prompt: '', action: 'DESCRIBE' }, { kind: 'describe', label }, undefined);
  }

  /** Submits a shorten of a prompt; its result holds shorter variants. */
  async shorten(prompt: string): Promise<SubmitOutcome> {
    const result = await this.deps.client().shorten({ prompt });
    return this.record(
      result,
      { prompt, action: 'SHORTEN' },
      { kind: 'shorten', label: t('Shorten') },
      undefined,
    );
  }

  /**
   * Submits an edit of one picture (an http(s) URL or a data URL) with a prompt. From a task, the edit goes
   * to the server that made it and is nested under it; from a file, to the active server.
   */
  async edit(
    prompt: string,
    image: string,
    opts: { parentId?: string; label?: string } = {},
  ): Promise<SubmitOutcome> {
    return this.pictureEdit('EDIT', prompt, image, opts.parentId, opts.label ?? t('Edit'));
  }

  /**
   * Submits a retexture of one picture (trueai `/submit/retexture`): like {@link edit}, action RETEXTURE.
   */
  async retexture(
    prompt: string,
    image: string,
    opts: { parentId?: string; label?: string } = {},
  ): Promise<SubmitOutcome> {
    return this.pictureEdit('RETEXTURE', prompt, image, opts.parentId, opts.label ?? t('Retexture'));
  }

  /** Edit and Retexture: one picture and a prompt, nested under the task it came from (on that task's server). */
  private async pictureEdit(
    action: 'EDIT' | 'RETEXTURE',
    prompt: string,
    image: string,
    parentId: string | undefined,
    label: string,
  ): Promise<SubmitOutcome> {
    const parent = parentId ? this.deps.store.get(parentId) : undefined;
    if (parentId && !parent) {
      throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    }
    const client = this.deps.client(parent?.profileId);
    const submit = action === 'EDIT' ? client.edits?.bind(client) : client.retexture?.bind(client);
    if (!submit) {
      throw new MjError({
        kind: 'unsupported',
        message:
          action === 'EDIT'
            ? t('This client cannot edit images.')
            : t('This client cannot retexture images.'),
      });
    }
    const result = await submit({ prompt, image });
    return this.record(
      result,
      { prompt, action },
      { kind: 'edit', label },
      parent?.task.id,
      parent ? parent.profileId : this.deps.activeProfile?.(),
    );
  }

  /**
   * Submits a video with a finished task's picture as its first frame (`image`: its http(s) link or local
   * copy as a data URL), nested under that task and sent to the server that made it. One submit, never retried.
   */
  async video(parentId: string, params: VideoFromImage): Promise<SubmitOutcome> {
    const parent = this.deps.store.get(parentId);
    if (!parent) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    const client = this.deps.client(parent.profileId);
    if (!client.video)
      throw new MjError({ kind: 'unsupported', message: t('This client cannot make videos.') });
    const result = await client.video(params);
    const label = params.motion === 'high' ? t('Animate (high)') : t('Animate (low)');
    return this.record(
      result,
      { prompt: params.prompt, action: 'VIDEO' },
      { kind: 'video', label },
      parentId,
      parent.profileId,
    );
  }

  /** Submits a video from a picture file (a data URL) to the active server. */
  async videoFromImage(params: VideoFromImage): Promise<SubmitOutcome> {
    const client = this.deps.client();
    if (!client.video)
      throw new MjError({ kind: 'unsupported', message: t('This client cannot make videos.') });
    const result = await client.video(params);
    return this.record(
      result,
      { prompt: params.prompt, action: 'VIDEO' },
      { kind: 'video', label: t('Animate') },
      undefined,
    );
  }

  /** Extends clip `index` (0-based) of a finished video task: `action: "extend"`, nested under it. */
  async extendVideo(taskId: string, index: number, motion: VideoMotion): Promise<SubmitOutcome> {
    const parent = this.deps.store.get(taskId);
    if (!parent) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    // The store may keep only the first link; then the local copies, else the usual four, bound the index
    // (the server checks it too: a refused extend costs nothing).
    const known = Math.max(videoUrlsOf(parent.task).length, parent.localVideos?.length ?? 0);
    const clips = known > 1 ? known : VIDEO_CLIPS;
    if (parent.task.status !== 'SUCCESS' || !isVideoTask(parent.task) || index < 0 || index >= clips) {
      throw new MjError({ kind: 'business', message: t('That video is not finished or has no such clip.') });
    }
    const client = this.deps.client(parent.profileId);
    if (!client.video)
      throw new MjError({ kind: 'unsupported', message: t('This client cannot make videos.') });
    const result = await client.video({ action: 'extend', taskId, index, motion });
    return this.record(
      result,
      { prompt: parent.task.prompt, action: 'VIDEO' },
      { kind: 'video', label: t('Extend {0}', index + 1) },
      taskId,
      parent.profileId,
    );
  }

  /**
   * Imagines prompt `index` of a describe/shorten result. Where the server offered the matching
   * PicReader / PromptAnalyzer button it is pressed (on some servers that answers a MODAL task the host
   * then continues); otherwise a new imagine with that prompt is submitted. A relay that lists the
   * buttons but refuses them (HTTP 400 `unknown_action`, nothing accepted or charged) gets the imagine.
   */
  async imagineResultPrompt(taskId: string, index: number): Promise<SubmitOutcome> {
    const rec = this.deps.store.get(taskId);
    const prompt = this.resultPrompt(taskId, index);
    if (!rec || prompt === undefined) {
      throw new MjError({ kind: 'notFound', message: t('That prompt is no longer in the task.') });
    }
    const family = rec.task.action.toUpperCase() === 'SHORTEN' ? 'PromptAnalyzer' : 'PicReader';
    const customId = `MJ::Job::${family}::${index + 1}`;
    if (rec.task.buttons.some((b) => b.customId === customId)) {
      try {
        return await this.pressButton(taskId, customId);
      } catch (e) {
        if (!isRefusedAction(e)) throw e;
      }
    }
    const result = await this.deps.client(rec.profileId).imagine({ prompt });
    return this.record(result, { prompt, action: 'IMAGINE' }, { kind: 'imagine' }, undefined, rec.profileId);
  }

  private async record(
    result: SubmitResult,
    seed: { prompt: string; action: string },
    origin: TaskOrigin,
    parentId: string | undefined,
    profileId: string | undefined = this.deps.activeProfile?.(),
    extra?: Pick<TaskRecord, 'source' | 'batch'>,
  ): Promise<SubmitOutcome> {
    // A new task with an id we already hold would overwrite that task (and its images): refuse it.
    if (this.deps.store.get(result.taskId)) throw duplicateId(result.taskId);
    const now = this.now();
    const task: Task = {
      id: result.taskId,
      action: seed.action,
      status: result.needsModal ? 'MODAL' : 'SUBMITTED',
      prompt: seed.prompt,
      promptEn: '',
      description: result.description,
      state: '',
      submitTime: now,
      buttons: [],
      finalPrompt: result.finalPrompt,
    };
    const record: TaskRecord = {
      task,
      origin,
      parentId,
      createdAt: now,
      updatedAt: now,
      notify: true,
      profileId,
      ...(extra?.source ? { source: extra.source } : {}),
      ...(extra?.batch ? { batch: extra.batch } : {}),
    };
    await this.deps.store.add(record);
    if (!result.needsModal) this.deps.track(task.id);
    return { record, needsModal: result.needsModal };
  }
}

/** A submit answered with the id of a task we already hold. */
function duplicateId(id: string): MjError {
  return new MjError({
    kind: 'server',
    message: t('The server answered the submit with the id of a task already in your list ({0}).', id),
    hint: t('The submit may still have gone through; check the server before trying again.'),
  });
}

/**
 * The name of a /submit/change child in the tree: "Reroll" in the UI language, U1…V4 as Midjourney
 * writes them.
 */
function changeLabel(action: string, index: number): string {
  if (action === 'REROLL') return t('Reroll');
  return `${action === 'UPSCALE' ? 'U' : 'V'}${index}`;
}

/** Only the extras that were asked for: servers that do not know them never see them. */
function pressExtras(o: PressOptions): { strong?: boolean; enableRemix?: boolean } {
  const out: { strong?: boolean; enableRemix?: boolean } = {};
  if (o.strong !== undefined) out.strong = o.strong;
  if (o.enableRemix !== undefined) out.enableRemix = o.enableRemix;
  return out;
}

/** A first guess at the new task's action from the button, until the server tells us. */
export function actionOf(customId: string): string {
  if (/upsample::/.test(customId)) return 'UPSCALE';
  if (/upsample_/.test(customId)) return 'UPSCALE';
  if (/variation::/.test(customId) || /_variation/.test(customId) || /Inpaint/.test(customId))
    return 'VARIATION';
  if (/reroll/.test(customId)) return 'REROLL';
  if (/Outpaint|CustomZoom/.test(customId)) return 'ZOOM';
  if (/pan_/.test(customId)) return 'PAN';
  if (/animate_/.test(customId)) return 'VIDEO';
  if (/video_virtual_upscale/.test(customId)) return 'UPSCALE';
  return 'ACTION';
}
