import * as vscode from 'vscode';
import { applySuffix, joinSelections } from '../../core/prompts/prompt';
import { confirmJobs, validatePromptInput } from '../promptInput';
import type { TaskRecord } from '../../core/tasks/record';
import { suffixForSubmit } from '../suffixGuard';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';

const LAST_PROMPT = 'midjourney.lastPrompt';

/** `midjourney.imagine`: asks for a prompt (pre-filled with the last one) and submits it. */
export async function imagine(ctx: CommandContext, initial?: unknown): Promise<void> {
  const last = ctx.studio.context.globalState.get<string>(LAST_PROMPT, '');
  const prompt = await askPrompt(
    ctx,
    typeof initial === 'string' ? initial : last,
    vscode.l10n.t('Midjourney: Imagine'),
  );
  if (prompt !== undefined) await submitImagine(ctx, prompt);
}

/**
 * `midjourney.imagineFromSelection`: the editor's selections (joined) as the prompt, editable first. With nothing
 * selected it is plain Imagine (the prompt box), not a dead end.
 */
export async function imagineFromSelection(ctx: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const text = editor ? joinSelections(editor.selections.map((s) => editor.document.getText(s))) : '';
  if (!text) return imagine(ctx);
  // Remembered before asking: with midjourney.replaceSelectionWithImage the image takes the prompt's place.
  const sel = editor && editor.selections.length === 1 ? editor.selection : undefined;
  const prompt = await askPrompt(ctx, text, vscode.l10n.t('Midjourney: Use Selection to Imagine'));
  if (prompt === undefined) return;
  const id = await submitImagine(ctx, prompt);
  const replace = vscode.workspace.getConfiguration('midjourney').get<boolean>('replaceSelectionWithImage');
  if (id && replace && editor && sel) {
    ctx.markdown.replaceOnFinish(id, editor.document.uri, sel, editor.document.getText(sel));
  }
}

/** `midjourney.reusePrompt`: opens Imagine with a task's prompt, to edit and run again. */
export async function reusePrompt(ctx: CommandContext, id?: unknown): Promise<void> {
  const rec = typeof id === 'string' ? ctx.studio.store.get(id) : undefined;
  await imagine(ctx, rec?.task.prompt ?? '');
}

async function askPrompt(ctx: CommandContext, value: string, title: string): Promise<string | undefined> {
  const suffix = ctx.studio.settings.promptSuffix;
  const prompt = await vscode.window.showInputBox({
    title,
    value,
    valueSelection: [0, value.length],
    placeHolder: vscode.l10n.t('a lighthouse on a cliff at dawn, oil painting'),
    prompt: suffix
      ? vscode.l10n.t('Will be added: {0}', suffix)
      : vscode.l10n.t('Describe the image. Parameters such as --ar 16:9 work too.'),
    ignoreFocusOut: true,
    validateInput: (v) => validatePromptInput(v),
  });
  return prompt === undefined ? undefined : prompt.trim();
}

/**
 * Submits once (never automatically again), records the task, shows it in the tree and opens its panel.
 * `extra` is kept on the record (a prompt file's line, a batch); `open: false` leaves the panel closed.
 */
export async function submitImagine(
  ctx: CommandContext,
  typed: string,
  opts: { extra?: Pick<TaskRecord, 'source' | 'batch'>; open?: boolean; jobsAsked?: boolean } = {},
): Promise<string | undefined> {
  if (!(await ensureApiKey(ctx))) return undefined;
  const suffix = await suffixForSubmit(ctx);
  if (suffix === undefined) return undefined;
  const prompt = applySuffix(typed, suffix);
  await ctx.studio.context.globalState.update(LAST_PROMPT, typed);
  if (!(await confirmJobs(prompt, { jobsAsked: opts.jobsAsked }))) return undefined;
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Midjourney: submitting…') },
      () => ctx.studio.tasks.imagine(prompt, opts.extra ? { extra: opts.extra } : {}),
    );
    ctx.studio.startedHere.add(outcome.record.task.id);
    if (opts.open !== false) ctx.panels.open(outcome.record.task.id);
    void ctx.tree.reveal(ctx.treeView, outcome.record.task.id);
    return outcome.record.task.id;
  } catch (e) {
    await showError(e, ctx.log, {
      context: vscode.l10n.t('Imagine failed'),
      retry: () => submitImagine(ctx, typed, opts),
    });
    return undefined;
  }
}
