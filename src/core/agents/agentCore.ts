/**
 * The five agent tools over the core: the VS Code tools (src/host/agents/) and the MCP server
 * (src/mcp/server.ts) are thin wrappers around one AgentCore, so both submit, wait, refuse and answer alike.
 * What differs between the two hosts (where files live, how an image is downloaded) comes in as `AgentDeps`.
 *
 * Money rule: one call submits at most once and never retries; the caller has a person confirm every call
 * of a paying tool first (`confirmation`).
 */
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import { isFinal } from '../model/types';
import { checkImages, toDataUrl, baseName, MAX_IMAGE_BYTES } from '../media/imageInput';
import { fileNameFor, quadrantName } from '../media/library';
import { sniffImageType } from '../media/images';
import type * as Quadrants from '../media/quadrants';
import type { TaskRecord, TaskStore } from '../tasks/store';
import type { TaskService } from '../tasks/taskService';
import { resolveButton } from './buttons';
import { formatTask, oneLine } from './format';
import {
  jobCount,
  parseAction,
  parseDescribe,
  parseImagine,
  parseSave,
  parseTask,
  PAYING_TOOLS,
  safeRelativePath,
  type AgentToolName,
} from './tools';

/** The largest picture a tool result carries (agents get a small look at the result, not the file). */
export const PREVIEW_MAX_BYTES = 1024 * 1024;

/** How long describe waits for its four prompts. */
const DESCRIBE_WAIT_MS = 120_000;

export interface AgentImage {
  bytes: Uint8Array;
  /** png, jpg, webp, gif */
  ext: string;
  /** The local file it came from, when there is one. */
  file?: string;
}

export interface AgentDeps {
  tasks: TaskService;
  store: TaskStore;
  /** The server new tasks go to, as the confirmation names it (its host name). */
  serverName(): string;
  /** Reads an image file the agent named (workspace-relative, or absolute inside the workspace). */
  readFile(path: string): Promise<{ name: string; bytes: Uint8Array }>;
  /** A finished task's image: its local copy, downloaded first when there is none yet. */
  image(rec: TaskRecord): Promise<AgentImage>;
  /**
   * Writes a new file (never over an existing one: `name-2.png` then) into the workspace folder `dir` (parts
   * relative to the workspace root; undefined: the save folder). Returns the workspace-relative path.
   */
  writeFile(dir: string[] | undefined, name: string, bytes: Uint8Array): Promise<string>;
  /** Checked before every paying call (no key: says to run "Midjourney: Set API Key"). */
  ready?(): Promise<void>;
  now?: () => number;
}

/** What a tool answers: the short text, and (when it fits) a small image of the result. */
export interface AgentResult {
  text: string;
  image?: { bytes: Uint8Array; mime: string };
  /** The task the call is about (tests and the host's reveal use it). */
  taskId?: string;
}

export interface Confirmation {
  title: string;
  message: string;
  /** Paid jobs the call starts. */
  jobs: number;
}

export class AgentCore {
  constructor(private readonly deps: AgentDeps) {}

  /** The confirmation a person answers before a paying tool runs; undefined for read-only tools. */
  confirmation(name: AgentToolName, input: unknown): Confirmation | undefined {
    if (!PAYING_TOOLS.has(name)) return undefined;
    const server = this.deps.serverName();
    let prompt: string;
    let jobs = 1;
    let what: string;
    if (name === 'midjourney_imagine') {
      const i = parseImagine(input);
      prompt = i.prompt;
      jobs = jobCount(i.prompt);
      what = i.imagePaths?.length
        ? t('Imagine with {0} image(s): {1}', i.imagePaths.length, i.imagePaths.map(baseName).join(', '))
        : t('Imagine');
    } else if (name === 'midjourney_action') {
      const a = parseAction(input);
      const parent = this.deps.store.get(a.taskId);
      prompt = a.prompt ?? parent?.task.prompt ?? '';
      what = t('Press "{0}" on task {1}', oneLine(a.button, 80), a.taskId);
    } else {
      const d = parseDescribe(input);
      prompt = baseName(d.imagePath);
      what = t('Describe the image {0}', d.imagePath);
    }
    const message = [
      what,
      t('Prompt: {0}', oneLine(prompt, 500) || t('(none)')),
      t('Server: {0}', server),
      jobs === 1 ? t('Jobs: 1 (paid)') : t('Jobs: {0} (paid)', jobs),
    ].join('\n\n');
    return {
      title: jobs === 1 ? t('Start a Midjourney job?') : t('Start {0} Midjourney jobs?', jobs),
      message,
      jobs,
    };
  }

  /** Runs one tool. Throws an MjError with the same sentence the UI would show. */
  async invoke(name: AgentToolName, input: unknown, signal?: AbortSignal): Promise<AgentResult> {
    switch (name) {
      case 'midjourney_imagine':
        return this.imagine(input, signal);
      case 'midjourney_task':
        return this.task(input, signal);
      case 'midjourney_action':
        return this.action(input);
      case 'midjourney_describe':
        return this.describe(input, signal);
      case 'midjourney_save':
        return this.save(input);
    }
    throw new MjError({ kind: 'business', message: t('There is no tool named {0}.', String(name)) });
  }

  async imagine(input: unknown, signal?: AbortSignal): Promise<AgentResult> {
    const i = parseImagine(input);
    // Every file is read and checked before the submit: a doomed (paid) request is never made.
    const files = await Promise.all((i.imagePaths ?? []).map((p) => this.deps.readFile(p)));
    const why = files.length
      ? checkImages(files.map((f) => ({ name: f.name, size: f.bytes.length })))
      : undefined;
    if (why) throw new MjError({ kind: 'business', message: why });
    await this.deps.ready?.();
    const base64Array = files.length ? files.map((f) => toDataUrl(f.name, f.bytes)) : undefined;
    const out = await this.deps.tasks.imagine(i.prompt, { base64Array });
    const id = out.record.task.id;
    await this.markAgent(id);
    return this.answer(id, i.waitSeconds, signal);
  }

  async task(input: unknown, signal?: AbortSignal): Promise<AgentResult> {
    const i = parseTask(input);
    if (!this.deps.store.get(i.taskId)) {
      // A task made elsewhere: asked of the server once (read-only), then tracked like any other.
      await this.deps.tasks.track(i.taskId);
    }
    return this.answer(i.taskId, i.waitSeconds, signal);
  }

  async action(input: unknown): Promise<AgentResult> {
    const a = parseAction(input);
    const parent = this.deps.store.get(a.taskId);
    if (!parent) {
      throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    }
    // Refused here, before any request, when the server did not offer it.
    const button = resolveButton(parent, a.button);
    await this.deps.ready?.();
    const out = await this.deps.tasks.pressButton(parent.task.id, button.customId);
    let id = out.record.task.id;
    await this.markAgent(id);
    if (out.needsModal) {
      const prompt = a.prompt ?? out.record.task.finalPrompt ?? parent.task.prompt;
      const rec = await this.deps.tasks.submitModal(id, prompt);
      id = rec.task.id;
      await this.markAgent(id);
    }
    return this.answer(id, undefined);
  }

  async describe(input: unknown, signal?: AbortSignal): Promise<AgentResult> {
    const d = parseDescribe(input);
    const file = await this.deps.readFile(d.imagePath);
    const why = checkImages([{ name: file.name, size: file.bytes.length }], { min: 1, max: 1 });
    if (why) throw new MjError({ kind: 'business', message: why });
    await this.deps.ready?.();
    const out = await this.deps.tasks.describe(toDataUrl(file.name, file.bytes), file.name);
    const id = out.record.task.id;
    await this.markAgent(id);
    return this.answer(id, DESCRIBE_WAIT_MS / 1000, signal, false);
  }

  async save(input: unknown): Promise<AgentResult> {
    const s = parseSave(input);
    const rec = this.deps.store.get(s.taskId);
    if (!rec) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    if (rec.task.status !== 'SUCCESS' || !rec.task.imageUrl) {
      throw new MjError({ kind: 'business', message: t('This task has no finished image yet.') });
    }
    const img = await this.deps.image(rec);
    let bytes = img.bytes;
    let ext = img.ext;
    const base = fileNameFor(rec.task.prompt || rec.origin.label || '', rec.task.id, ext);
    let name = base;
    if (s.quadrant) {
      // Loaded only here: it carries the PNG codec.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { cropQuadrants } = require('../media/quadrants') as typeof Quadrants;
      bytes = cropQuadrants(bytes)[s.quadrant - 1];
      ext = 'png';
      name = quadrantName(fileNameFor(rec.task.prompt || '', rec.task.id, 'png'), s.quadrant);
    }
    let dir: string[] | undefined;
    if (s.path) {
      const parts = safeRelativePath(s.path);
      const last = parts[parts.length - 1];
      if (last && /\.(png|jpe?g|webp|gif)$/i.test(last)) {
        dir = parts.slice(0, -1);
        name = last.replace(/\.(png|jpe?g|webp|gif)$/i, `.${ext}`);
      } else {
        dir = parts;
      }
    }
    const rel = await this.deps.writeFile(dir, name, bytes);
    return {
      text: [`taskId: ${rec.task.id}`, `saved: ${rel}`, `markdown: ![${altOf(rec)}](${rel})`].join('\n'),
      taskId: rec.task.id,
    };
  }

  /** Waits (at most `waitSeconds`) for the task to finish, then describes it. */
  private async answer(
    id: string,
    waitSeconds: number | undefined,
    signal?: AbortSignal,
    withImage = true,
  ): Promise<AgentResult> {
    let rec = this.deps.store.get(id);
    if (waitSeconds && rec && !isFinal(rec.task.status)) {
      rec = await this.waitFinal(id, waitSeconds * 1000, signal);
    }
    if (!rec) throw new MjError({ kind: 'notFound', message: t('That task is no longer in your list.') });
    let file = rec.localImage;
    let image: AgentResult['image'];
    if (rec.task.status === 'SUCCESS' && rec.task.imageUrl && withImage) {
      try {
        const img = await this.deps.image(rec);
        file = img.file ?? file;
        const mime = sniffImageType(img.bytes);
        if (mime && img.bytes.length <= Math.min(PREVIEW_MAX_BYTES, MAX_IMAGE_BYTES)) {
          image = { bytes: img.bytes, mime };
        }
      } catch {
        // The text still says where the image is online; the download can be retried by midjourney_save.
      }
      rec = this.deps.store.get(id) ?? rec;
    }
    const note =
      waitSeconds && !isFinal(rec.task.status) && rec.task.status !== 'MODAL'
        ? t('Still running after {0} s.', Math.round(waitSeconds))
        : undefined;
    const children = this.deps.store.children(id).map((c) => c.task.id);
    return { text: formatTask(rec, { file, children, note }), image, taskId: id };
  }

  /** Resolves with the record once it is final, or as it is when `ms` has passed (or the call is cancelled). */
  private waitFinal(id: string, ms: number, signal?: AbortSignal): Promise<TaskRecord | undefined> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sub.dispose();
        signal?.removeEventListener('abort', done);
        resolve(this.deps.store.get(id));
      };
      const sub = this.deps.store.onDidChange((e) => {
        if (!e.ids.includes(id)) return;
        const rec = this.deps.store.get(id);
        if (!rec || isFinal(rec.task.status) || rec.task.status === 'MODAL') done();
      });
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done);
      const now = this.deps.store.get(id);
      if (!now || isFinal(now.task.status)) done();
    });
  }

  /** Tasks a tool made carry the origin "Agent" in the tree and the panel. */
  private async markAgent(id: string): Promise<void> {
    await this.deps.store.update(id, (r) => ({ ...r, origin: { ...r.origin, by: 'agent' } }));
  }
}

function altOf(rec: TaskRecord): string {
  return oneLine(rec.task.prompt.replace(/(^|\s)--\S.*$/s, ''), 100).replace(/[[\]]/g, '') || rec.task.id;
}
