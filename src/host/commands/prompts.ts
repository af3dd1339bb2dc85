import * as vscode from 'vscode';
import { validatePromptInput } from '../promptInput';
import { joinSelections } from '../../core/prompts/prompt';
import type { PromptUse } from '../../shared/protocol';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';
import { showSubmitted } from './images';
import { continueTask } from './modal';

/** `midjourney.shortenPrompt`: the editor's selection (or a typed prompt) → a task with shorter variants. */
export async function shortenPrompt(ctx: CommandContext, initial?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor ? joinSelections(editor.selections.map((s) => editor.document.getText(s))) : '';
  const value = typeof initial === 'string' ? initial : selected;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Midjourney: Shorten Prompt'),
    value,
    valueSelection: [0, value.length],
    placeHolder: vscode.l10n.t('a long prompt to make shorter'),
    prompt: vscode.l10n.t('The server suggests shorter versions of this prompt.'),
    ignoreFocusOut: true,
    validateInput: (v) => validatePromptInput(v),
  });
  if (typed === undefined || !(await ensureApiKey(ctx))) return;
  try {
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Midjourney: submitting the shorten…'),
      },
      () => ctx.studio.tasks.shorten(typed.trim()),
    );
    showSubmitted(ctx, outcome);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Shorten failed') });
  }
}

/**
 * A panel click on one prompt of a describe/shorten result. The text is read from the STORED task by
 * index (TaskService.resultPrompt), never taken from the webview.
 */
export async function usePrompt(
  ctx: CommandContext,
  taskId: string,
  index: number,
  how: PromptUse,
): Promise<void> {
  const prompt = ctx.studio.tasks.resultPrompt(taskId, index);
  if (prompt === undefined) return;
  switch (how) {
    case 'copy':
      await vscode.env.clipboard.writeText(prompt);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Prompt {0} copied', index + 1), 2500);
      return;
    case 'insert':
      await insertAtCursor(ctx, prompt);
      return;
    case 'imagine':
      await imagineResult(ctx, taskId, index);
      return;
    default: {
      const never: never = how;
      return never;
    }
  }
}

async function insertAtCursor(ctx: CommandContext, text: string): Promise<void> {
  const editor = ctx.editors.get();
  if (!editor) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Midjourney: open a text editor to insert the prompt into.'),
    );
    return;
  }
  const shown = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await shown.edit((b) => {
    for (const sel of shown.selections) b.replace(sel, text);
  });
}

async function imagineResult(ctx: CommandContext, taskId: string, index: number): Promise<void> {
  if (!(await ensureApiKey(ctx))) return;
  try {
    const outcome = await ctx.studio.tasks.imagineResultPrompt(taskId, index);
    showSubmitted(ctx, outcome);
    // PicReader / PromptAnalyzer buttons answer a MODAL task on trueai/PLUS: the user confirms the prompt.
    if (outcome.needsModal) await continueTask(ctx, outcome.record.task.id);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Imagine failed') });
  }
}
