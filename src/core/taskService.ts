/**
 * What happens when the user asks for a task: submit it once, record it in the store (with its parent),
 * and hand it to the poller. Pure core: the host calls these from commands and the panel.
 *
 * Money rule: every method here sends at most one submit per call and never retries it; a retry is a
 * new call that the user confirmed.
 */
import type { MjClient } from './client';
import { changeButtonsFor, parseChangeId } from './buttons';
import { MjError } from './errors';
import type { TaskOrigin, TaskRecord, TaskStore } from './store';
import type { SubmitResult, Task } from './types';

/** The parts of the client the service needs (a fake in tests). */
export type SubmitApi = Pick<MjClient, 'imagine' | 'change' | 'action' | 'modal' | 'fetchTask'>;

export interface TaskServiceDeps {
  client: () => SubmitApi;
  store: TaskStore;
  track: (id: string) => void;
  now?: () => number;
}

export interface SubmitOutcome {
  record: TaskRecord;
  /** The server waits for /submit/modal (Custom Zoom, Vary Region, Remix). */
  needsModal: boolean;
}

export class TaskService {
  private readonly now: () => number;

  constructor(private readonly deps: TaskServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Submits an imagine. `prompt` is final (suffix already applied). */
  async imagine(
    prompt: string,
    opts: { base64Array?: string[]; signal?: AbortSignal } = {},
  ): Promise<SubmitOutcome> {
    const result = await this.deps
      .client()
      .imagine({ prompt, base64Array: opts.base64Array }, { signal: opts.signal });
    return this.record(result, { prompt, action: 'IMAGINE' }, { kind: 'imagine' }, undefined);
  }

  /**
   * Presses a button of a finished task. Only a customId the server offered for that task is sent (or, for
   * servers without buttons, a U/V/reroll pseudo-id on a grid task); anything else is refused here.
   */
  async pressButton(parentId: string, customId: string): Promise<SubmitOutcome> {
    const parent = this.deps.store.get(parentId);
    if (!parent) {
      throw new MjError({ kind: 'notFound', message: 'That task is no longer in your list.' });
    }
    const offered = parent.task.buttons.find((b) => b.customId === customId);
    const change = parseChangeId(customId);
    // A pseudo-button counts only where the panel shows it (a finished grid without server buttons): an
    // upscale has no U/V/reroll, and the webview's word is not enough to send one.
    const offeredChange = change && changeButtonsFor(parent.task).some((b) => b.customId === customId);
    if (!offered && !offeredChange) {
      throw new MjError({
        kind: 'business',
        message: 'The server did not offer that button for this task.',
        hint: 'Refresh the task and try again.',
      });
    }
    const label = offered ? offered.label || offered.emoji || customId : customId;
    const client = this.deps.client();
    if (change && !offered) {
      // REROLL carries index 0 in our pseudo-id; the client sends the index relays require.
      const index = change.action === 'REROLL' ? undefined : change.index;
      const result = await client.change({ taskId: parentId, action: change.action, index });
      return this.record(
        result,
        { prompt: parent.task.prompt, action: change.action },
        { kind: 'change', customId, label: changeLabel(change.action, change.index) },
        parentId,
      );
    }
    const result = await client.action({ taskId: parentId, customId });
    return this.record(
      result,
      { prompt: parent.task.prompt, action: actionOf(customId) },
      { kind: 'action', customId, label },
      parentId,
    );
  }

  /** Answers a MODAL task (Custom Zoom, Vary Region, Remix) and starts polling it. */
  async submitModal(taskId: string, prompt: string, maskBase64?: string): Promise<TaskRecord> {
    const result = await this.deps.client().modal({ taskId, prompt, maskBase64 });
    const id = result.taskId || taskId;
    const rec = await this.deps.store.update(id, (r) => ({
      ...r,
      task: { ...r.task, status: 'SUBMITTED', prompt: prompt || r.task.prompt },
      updatedAt: this.now(),
    }));
    this.deps.track(id);
    if (!rec) throw new MjError({ kind: 'notFound', message: 'That task is no longer in your list.' });
    return rec;
  }

  /**
   * Re-submits a failed or cancelled task the way it was made. The caller asks the user first: it costs money.
   */
  async retry(taskId: string): Promise<SubmitOutcome> {
    const rec = this.deps.store.get(taskId);
    if (!rec) throw new MjError({ kind: 'notFound', message: 'That task is no longer in your list.' });
    const { origin } = rec;
    if ((origin.kind === 'action' || origin.kind === 'change') && rec.parentId && origin.customId) {
      return this.pressButton(rec.parentId, origin.customId);
    }
    const prompt = rec.task.prompt;
    if (!prompt.trim()) {
      throw new MjError({ kind: 'business', message: 'This task has no prompt to submit again.' });
    }
    return this.imagine(prompt);
  }

  /** Fetches one task now and merges it into the store. */
  async refresh(taskId: string): Promise<TaskRecord | undefined> {
    const task = await this.deps.client().fetchTask(taskId);
    if (!task) {
      throw new MjError({
        kind: 'notFound',
        message: 'The server no longer knows this task.',
        hint: 'It may have expired on the server; your local copy is kept.',
      });
    }
    const rec = await this.deps.store.applyServerTask(task);
    if (rec && !['SUCCESS', 'FAILURE', 'CANCEL', 'MODAL'].includes(rec.task.status)) this.deps.track(taskId);
    return rec;
  }

  private async record(
    result: SubmitResult,
    seed: { prompt: string; action: string },
    origin: TaskOrigin,
    parentId: string | undefined,
  ): Promise<SubmitOutcome> {
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
    const record: TaskRecord = { task, origin, parentId, createdAt: now, updatedAt: now, notify: true };
    await this.deps.store.add(record);
    if (!result.needsModal) this.deps.track(task.id);
    return { record, needsModal: result.needsModal };
  }
}

function changeLabel(action: string, index: number): string {
  if (action === 'REROLL') return 'Reroll';
  return `${action === 'UPSCALE' ? 'U' : 'V'}${index}`;
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
  return 'ACTION';
}
