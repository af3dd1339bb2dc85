// The simulator's mutable state (tasks, tunables, speed, template) and the rules shared by every
// submit endpoint: quotas, queue codes 22/23/9, banned words, and creating a task with its schedule.
import { randomUUID } from 'node:crypto';
import type { Dialect, SimOptions, SimTuning, Speed } from './types';
import { relayError, submitResult, taskView } from './dialect';
import type { SimResponse, SubmitAnswer } from './dialect';
import { bannedWordIn, isRunning, newTaskId, outcomeFor, pictureSeed, scheduledEnd, snapshot } from './tasks';
import type { SimTask } from './tasks';
import { DEFAULT_SIM_VERSION, versionOf } from './versions';

/** The parsed request a handler sees. */
export interface SimRequest {
  method: string;
  /** Path without the /mj-fast|/mj-relax|/mj-turbo prefix. */
  path: string;
  /** FAST / RELAX / TURBO from the path prefix. */
  mode: string | undefined;
  headers: Record<string, string>;
  body: unknown;
}

/** Total ms of a run for a speed setting. */
export function speedMs(speed: Speed | undefined): number {
  if (speed === 'realistic') return 30000;
  if (typeof speed === 'number' && Number.isFinite(speed) && speed >= 0) return speed;
  return 1500;
}

export const DEFAULT_BANNED = ['gore', 'bannedword'];

/** The fields a new task gets from its submit; the rest is filled in by `createTask`. */
export type TaskSeed = Pick<SimTask, 'action' | 'prompt' | 'description' | 'imageKind' | 'buttonsKind'> &
  Partial<SimTask>;

export class SimCore {
  url = '';
  dialect: Dialect;
  readonly key: string;
  readonly tasks = new Map<string, SimTask>();
  tuning: SimTuning;
  speed: Speed;
  template: Record<string, unknown> | undefined;
  submits = 0;
  /** Rendered PNGs by `<taskId>/<file>`. */
  readonly images = new Map<string, Buffer>();
  /** Pictures sent to /submit/upload-discord-images, served at /sim-uploads/<index>. */
  readonly uploads: { type: string; bytes: Buffer }[] = [];

  constructor(private readonly options: SimOptions) {
    this.key = options.key ?? 'sim-key';
    this.dialect = options.dialect ?? 'trueai';
    this.speed = options.speed ?? 'fast';
    this.tuning = SimCore.initialTuning(options);
  }

  private static initialTuning(o: SimOptions): SimTuning {
    return {
      maxRunning: o.maxRunning ?? 3,
      queueLimit: o.queueLimit ?? Infinity,
      bannedWords: o.bannedWords ?? [...DEFAULT_BANNED],
      remix: o.remix ?? false,
      quota: o.quota ?? Infinity,
      imageTtlMs: o.imageTtlMs ?? Infinity,
      relayLagMs: o.relayLagMs,
      queueMs: o.queueMs,
      progressSteps: o.progressSteps,
      anyKey: o.anyKey ?? false,
      balanceUsd: o.balanceUsd ?? 10,
      taskPriceUsd: o.taskPriceUsd ?? 0.05,
      simVersion: o.simVersion ?? DEFAULT_SIM_VERSION,
      numericStatus: o.numericStatus ?? false,
    };
  }

  /** Back to the start options, without tasks. */
  reset(): void {
    this.tasks.clear();
    this.images.clear();
    this.uploads.length = 0;
    this.dialect = this.options.dialect ?? 'trueai';
    this.speed = this.options.speed ?? 'fast';
    this.tuning = SimCore.initialTuning(this.options);
    this.template = undefined;
    this.submits = 0;
  }

  get speedMs(): number {
    return speedMs(this.speed);
  }

  get relayLagMs(): number {
    return this.tuning.relayLagMs ?? Math.round(this.speedMs / 2);
  }

  get queueMs(): number {
    return this.tuning.queueMs ?? Math.round(this.speedMs / 10);
  }

  running(now = Date.now()): number {
    let n = 0;
    for (const t of this.tasks.values()) if (isRunning(t, now)) n++;
    return n;
  }

  /** The task JSON as the current dialect serves it now. */
  view(t: SimTask, dialect: Dialect = this.dialect): Record<string, unknown> {
    return taskView(t, {
      dialect,
      url: this.url,
      now: Date.now(),
      relayLagMs: this.relayLagMs,
      numericStatus: this.tuning.numericStatus,
      imageTtlMs: this.tuning.imageTtlMs,
    });
  }

  finishedAt(id: string): number | undefined {
    const t = this.tasks.get(id);
    if (!t) return undefined;
    const end = scheduledEnd(t);
    return end !== undefined && end <= Date.now() ? end : undefined;
  }

  /** Truth on the server's clock, whatever the dialect shows. */
  statusOf(t: SimTask): string {
    return snapshot(t, Date.now()).status;
  }

  createTask(seed: TaskSeed): SimTask {
    const now = Date.now();
    const id = newTaskId((x) => this.tasks.has(x));
    const task: SimTask = {
      id,
      relayAction: seed.action,
      state: undefined,
      botType: 'MID_JOURNEY',
      version: versionOf(seed.prompt, this.tuning.simVersion),
      mode: undefined,
      parentId: undefined,
      customId: undefined,
      index: undefined,
      hash: randomUUID(),
      seed: pictureSeed(seed.prompt, id),
      width: 512,
      height: 512,
      createdAt: now,
      modal: undefined,
      modalSubmittedAt: undefined,
      runFrom: now,
      queueMs: this.queueMs,
      speedMs: this.speedMs,
      steps: this.tuning.progressSteps,
      outcome: outcomeFor(seed.prompt),
      cancelledAt: undefined,
      resultText: undefined,
      maskBase64: undefined,
      patch: { ...(this.template ?? {}) },
      ...seed,
    };
    this.tasks.set(id, task);
    this.submits++;
    return task;
  }

  /**
   * The checks every task-creating submit goes through before the task exists; returns the refusal,
   * or undefined when the submit may go ahead. `prompt` is checked for banned words.
   */
  refuse(prompt: string | undefined): SimResponse | undefined {
    if (this.dialect === 'relay' && this.submits >= this.tuning.quota) return relayError('quota_not_enough');
    if (prompt !== undefined && this.dialect !== 'trueai') {
      const word = bannedWordIn(prompt, this.tuning.bannedWords);
      if (word !== undefined) {
        return submitResult(this.dialect, {
          code: 24,
          description: '可能包含敏感词',
          properties: { promptEn: prompt, bannedWord: word },
        });
      }
    }
    if (this.running() >= this.tuning.queueLimit) {
      return this.dialect === 'novicezk'
        ? submitResult(this.dialect, { code: 23, description: '队列已满，请稍后尝试' })
        : submitResult(this.dialect, { code: 9, description: '提交失败，队列已满，请稍后重试' });
    }
    return undefined;
  }

  /** trueai checks banned words while executing: the task fails instead of the submit. */
  applyLateBan(t: SimTask): void {
    if (this.dialect !== 'trueai') return;
    const word = bannedWordIn(t.prompt, this.tuning.bannedWords);
    if (word === undefined) return;
    t.outcome = {
      kind: 'fail',
      title: 'Banned prompt detected',
      detail: `Sorry! Our AI moderators feel your prompt might be against our community standards. (\`${word}\`) 可能包含敏感词`,
      at: 0.2,
    };
  }

  /** Code 1, or 22 with the queue position when too many tasks are running besides `t`. */
  accepted(t: SimTask, extra: Partial<SubmitAnswer> = {}): SimResponse {
    // `t` is already counted as running.
    const ahead = this.running() - this.tuning.maxRunning;
    const base = { result: t.id, relayAction: t.relayAction, ...extra };
    if (ahead > 0) {
      return submitResult(this.dialect, {
        code: 22,
        description: `排队中，前面还有${ahead}个任务`,
        properties: { numberOfQueues: ahead, discordInstanceId: 'sim-instance-1' },
        ...base,
      });
    }
    return submitResult(this.dialect, {
      code: 1,
      description: '提交成功',
      properties: { discordInstanceId: 'sim-instance-1' },
      ...base,
    });
  }
}
