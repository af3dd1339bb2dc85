/**
 * The half of TaskService that never starts a task, so never costs money: taking in tasks made elsewhere
 * (by id, or listed by the server), reading one again, cancelling, and reading a result's seed or prompts.
 * TaskService (taskService.ts) extends it with the submits.
 */
import { t } from '../../shared/l10n';
import { resultPrompts } from '../prompts/describePrompts';
import { MjError } from '../model/errors';
import type { ServerRoutes } from '../api/serverRoutes';
import type { MjClient } from '../api/client';
import type { TaskRecord, TaskStore } from './store';
import type { Task } from '../model/types';
import { isFinal } from '../model/types';

/** The parts of the client the service needs (a fake in tests). */
export type SubmitApi = Pick<
  MjClient,
  | 'imagine'
  | 'change'
  | 'action'
  | 'modal'
  | 'fetchTask'
  | 'blend'
  | 'describe'
  | 'shorten'
  | 'cancel'
  | 'imageSeed'
> &
  // Optional so fakes written before edits existed still fit; MjClient always has it.
  Partial<Pick<MjClient, 'edits'>> &
  Partial<Pick<MjClient, 'video'>> &
  Partial<Pick<MjClient, 'retexture'>>;

export interface TaskServiceDeps {
  /**
   * The client for a server profile: a task's follow-ups (buttons, modal, refresh) go to the server that made
   * it, whatever profile is active now. No id: the active profile.
   */
  client: (profileId?: string) => SubmitApi;
  /** The active profile's id, recorded on new tasks. */
  activeProfile?: () => string | undefined;
  store: TaskStore;
  track: (id: string) => void;
  now?: () => number;
  /** What each profile's server lacks (trueai v10+: /submit/change); default: remembered while the service lives. */
  routes?: ServerRoutes;
}

/** Tasks in the list that need no submit; the base of TaskService, which shares its deps. */
export class TaskTracking {
  protected readonly now: () => number;

  constructor(protected readonly deps: TaskServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Adds tasks the server listed (made in its web console or on another machine) that are not in the list
   * yet, as tracked tasks of `profileId`; unfinished ones go to the poller. Returns the ids added.
   */
  async adopt(tasks: readonly Task[], profileId: string | undefined): Promise<string[]> {
    const added: string[] = [];
    const now = this.now();
    for (const task of tasks) {
      if (!task.id || this.deps.store.get(task.id) || added.includes(task.id)) continue;
      await this.deps.store.add({
        task,
        origin: { kind: 'track', label: t('Imported') },
        createdAt: now,
        updatedAt: now,
        lastProgressAt: now,
        profileId,
      });
      added.push(task.id);
      if (!isFinal(task.status) && task.status !== 'MODAL') this.deps.track(task.id);
    }
    return added;
  }

  /**
   * Adds a task submitted elsewhere (another tool, the server's web page) by its id. The server is asked
   * first, so a typo gives a clear error instead of a row that never loads. `existed`: it was already in
   * the list (nothing was added).
   */
  async track(id: string): Promise<{ record: TaskRecord; existed: boolean }> {
    const known = this.deps.store.get(id);
    if (known) return { record: known, existed: true };
    // The task belongs to the profile it was asked of: its refreshes, cancel and seed go there later.
    const profileId = this.deps.activeProfile?.();
    const task = await this.deps.client(profileId).fetchTask(id);
    if (!task || task.id !== id) {
      throw new MjError({
        kind: 'notFound',
        message: t('The server does not know a task with the id {0}.', id),
        hint: t('Check the id; servers forget old tasks after a while.'),
      });
    }
    const now = this.now();
    const record: TaskRecord = {
      task: { ...task, id },
      origin: { kind: 'track', label: t('Tracked') },
      createdAt: now,
      updatedAt: now,
      lastProgressAt: now,
    };
    if (profileId !== undefined) record.profileId = profileId;
    await this.deps.store.add(record);
    if (!isFinal(task.status) && task.status !== 'MODAL') this.deps.track(id);
    return { record: this.deps.store.get(id) ?? record, existed: false };
  }

  /**
   * Asks the server to cancel a running task (trueai only; others have no such endpoint), then reads
   * the task again so the list shows what the server now says.
   */
  async cancel(taskId: string): Promise<TaskRecord | undefined> {
    const rec = this.deps.store.get(taskId);
    if (!rec) {
      throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    }
    try {
      await this.deps.client(rec.profileId).cancel(taskId);
    } catch (e) {
      if (e instanceof MjError && e.kind === 'unsupported') {
        throw new MjError({
          kind: 'unsupported',
          message: t('This server cannot cancel tasks.'),
          hint: t('The task keeps running on the server; you can remove it from your list.'),
          httpStatus: e.httpStatus,
          cause: e,
        });
      }
      throw e;
    }
    try {
      return await this.refresh(taskId);
    } catch {
      // The cancel went through; a failed read is fixed by the next poll.
      return this.deps.store.get(taskId);
    }
  }

  /** Reads a finished task's seed from the server and keeps it on the record. Returns the seed. */
  async fetchSeed(taskId: string): Promise<string> {
    const rec = this.deps.store.get(taskId);
    if (!rec) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    if (rec.seed) return rec.seed;
    const seed = await this.deps.client(rec.profileId).imageSeed(taskId);
    await this.deps.store.update(taskId, { seed });
    return seed;
  }

  /**
   * The prompt at `index` of a finished describe/shorten task, read from the STORED task (never from
   * the panel), or undefined.
   */
  resultPrompt(taskId: string, index: number): string | undefined {
    const rec = this.deps.store.get(taskId);
    return rec ? resultPrompts(rec.task)[index] : undefined;
  }

  /**
   * Fetches one task now and merges it into the store; an unfinished one goes to the poller unless
   * `poll: false` (an old imported task is read once, not polled for ever).
   */
  async refresh(taskId: string, opts: { poll?: boolean } = {}): Promise<TaskRecord | undefined> {
    const task = await this.deps.client(this.deps.store.get(taskId)?.profileId).fetchTask(taskId);
    // An answer about another id is no answer about this one (it must not update that other task).
    if (!task || task.id !== taskId) {
      throw new MjError({
        kind: 'notFound',
        message: t('The server no longer knows this task.'),
        hint: t('It may have expired on the server; your local copy is kept.'),
      });
    }
    const rec = await this.deps.store.applyServerTask(task);
    if (opts.poll !== false && rec && !['SUCCESS', 'FAILURE', 'CANCEL', 'MODAL'].includes(rec.task.status)) {
      this.deps.track(taskId);
    }
    return rec;
  }
}
