/**
 * Prompt files (`.mjprompt`, ```midjourney blocks in Markdown): the commands, and the loader of the language's
 * own bundle (src/host/promptLanguage/promptLanguage.chunk.ts). Nothing of the language is loaded at
 * activation: the bundle is required when the first such document opens (host/promptWatch.ts) or a command
 * needs it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { thumbName } from '../../core/media/thumbName';
import { StyleRefs } from '../styleRefs';
import { showError } from '../errors';
import type { PromptHostDeps } from '../promptLanguage/deps';
import type * as Chunk from '../promptLanguage/promptLanguage.chunk';
import type { CommandContext } from './context';
import { submitImagine } from './imagine';

type PromptLanguage = ReturnType<typeof Chunk.startPromptLanguage>;

let running: { ctx: CommandContext; language: PromptLanguage } | undefined;

/** The language's bundle, loaded and started on first use (once per activation). */
export function promptLanguage(ctx: CommandContext): PromptLanguage {
  if (running?.ctx !== ctx) {
    const chunk = require('../promptLanguage/promptLanguage.chunk') as typeof Chunk;
    const language = chunk.startPromptLanguage(hostDeps(ctx));
    running = { ctx, language };
    ctx.studio.context.subscriptions.push(language, {
      dispose: () => {
        if (running?.language === language) running = undefined;
      },
    });
  }
  return running.language;
}

function hostDeps(ctx: CommandContext): PromptHostDeps {
  return {
    records: () => ctx.studio.store.list(),
    onDidChangeRecords: (listener) => {
      const sub = ctx.studio.store.onDidChange(() => listener());
      return new vscode.Disposable(() => sub.dispose());
    },
    // The run asked about its total job count (permutations x --r) before the first submit.
    submit: (prompt, extra, open) => submitImagine(ctx, prompt, { extra, open, jobsAsked: true }),
    openTask: (id) => {
      ctx.panels.open(id);
      void ctx.tree.reveal(ctx.treeView, id);
    },
    linkFor: (id, doc) => ctx.markdown.linkFor(id, doc),
    showError: (e, context) => showError(e, ctx.log, { context }),
    log: (line) => ctx.log.info(line),
    styleRefs: () => {
      const thumbs = vscode.Uri.joinPath(ctx.images.dir, 'thumbs');
      return new StyleRefs(ctx.studio.context.globalState).list().map((ref) => {
        const file = ref.taskId ? vscode.Uri.joinPath(thumbs, thumbName(ref.taskId)) : undefined;
        return {
          url: ref.url,
          label: ref.label,
          thumbnail: file && fs.existsSync(file.fsPath) ? file : undefined,
        };
      });
    },
  };
}

/** `midjourney.newPromptFile`: an untitled prompt file with comments that teach the syntax. */
export async function newPromptFile(ctx: CommandContext): Promise<void> {
  await promptLanguage(ctx).runner.newFile();
}

/** `midjourney.imagineAllPromptsInFile`: every prompt of the active (or given) file, after one question. */
export async function imagineAllPromptsInFile(ctx: CommandContext, uri?: unknown): Promise<void> {
  await promptLanguage(ctx).runner.imagineAll(uri);
}

/** `midjourney.runPromptAtCursor` (Ctrl+Enter / Cmd+Enter in a `midjourney` editor). */
export async function runPromptAtCursor(ctx: CommandContext): Promise<void> {
  await promptLanguage(ctx).runner.runAtCursor();
}

/** `midjourney.imaginePrompt` (the ▶ Imagine lens): (document URI, prompt text). */
export async function imaginePrompt(ctx: CommandContext, uri?: unknown, text?: unknown): Promise<void> {
  await promptLanguage(ctx).runner.imaginePrompt(uri, text);
}

/** `midjourney.insertPromptResult` (the Insert result below lens): (document URI, prompt text, task id). */
export async function insertPromptResult(
  ctx: CommandContext,
  uri?: unknown,
  text?: unknown,
  id?: unknown,
): Promise<void> {
  await promptLanguage(ctx).runner.insertResult(uri, text, id);
}

/** `midjourney.openPromptRun` (the status lens): the run's task ids, newest first. */
export function openPromptRun(ctx: CommandContext, ids?: unknown): void {
  promptLanguage(ctx).runner.openRun(ids);
}
