/**
 * Running prompts from a file: one prompt (its lens, or Ctrl+Enter on its line), every prompt of the file,
 * and the two follow-ups of a run (open its task, insert its result below the prompt). Money rule: anything
 * that starts more than one job says how many and asks first; each variant is submitted once, never retried.
 */
import * as vscode from 'vscode';
import { jobCount, validatePromptParams } from '../../core/prompts/paramTable';
import { expandPermutations } from '../../core/prompts/permutations';
import { promptAtLine, STARTER, type FilePrompt } from '../../core/prompts/promptFile';
import { resultLine } from '../../core/tasks/promptLens';
import type { PromptHostDeps } from './deps';
import { promptKind, type PromptDocuments } from './documents';

let batchCounter = 0;

function newBatchId(): string {
  batchCounter += 1;
  return `b${Date.now().toString(36)}${batchCounter.toString(36)}`;
}

export class PromptRunner {
  constructor(
    private readonly docs: PromptDocuments,
    private readonly deps: PromptHostDeps,
    private readonly afterSubmit: () => void,
  ) {}

  /** The lens's ▶ Imagine: the prompt with this text in that document. */
  async imaginePrompt(uri: unknown, text: unknown): Promise<void> {
    if (typeof uri !== 'string' || typeof text !== 'string' || !text.trim()) return;
    if (!this.canSubmit(text)) return;
    const { variants, total, capped } = expandPermutations(text);
    const jobs = Math.max(jobCount(text), variants.length);
    if (jobs > 1 && !(await confirmJobs(jobs, capped ? total : undefined))) return;
    // The file stays in front: the status lens opens the panel when the user wants it.
    await this.submitVariants(uri, text, variants, false);
  }

  /** Ctrl+Enter: the prompt on the cursor's line (a continuation line counts). */
  async runAtCursor(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const check = editor && this.docs.get(editor.document);
    const prompt = check && promptAtLine(check.prompts, editor.selection.active.line);
    if (!editor || !prompt) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Midjourney: put the cursor on a prompt line (not a comment or an empty line).'),
      );
      return;
    }
    await this.imaginePrompt(editor.document.uri.toString(), prompt.text);
  }

  /** Imagine All Prompts in File: asks once with the total job count; prompts with errors are left out. */
  async imagineAll(arg?: unknown): Promise<void> {
    const doc =
      arg instanceof vscode.Uri
        ? await vscode.workspace.openTextDocument(arg)
        : vscode.window.activeTextEditor?.document;
    const check = doc && this.docs.get(doc);
    if (!doc || !check?.prompts.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Midjourney: this file has no prompts.'));
      return;
    }
    const ok: FilePrompt[] = check.prompts.filter((p) => !hasErrors(p.text));
    const skipped = check.prompts.length - ok.length;
    const jobs = ok.reduce(
      (n, p) => n + Math.max(jobCount(p.text), expandPermutations(p.text).variants.length),
      0,
    );
    if (!ok.length) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Midjourney: every prompt in this file has errors; see the Problems view.'),
      );
      return;
    }
    const detail = skipped
      ? vscode.l10n.t('{0} prompts with errors are left out.', String(skipped))
      : undefined;
    if (!(await confirmJobs(jobs, undefined, detail))) return;
    const uri = doc.uri.toString();
    for (const p of ok) {
      const { variants } = expandPermutations(p.text);
      if (!(await this.submitVariants(uri, p.text, variants, false))) break;
    }
  }

  /** New Prompt File: an untitled `midjourney` document with the starter text. */
  async newFile(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument({ language: 'midjourney', content: STARTER });
    await vscode.window.showTextDocument(doc);
  }

  /** Insert result below: the task's image link under the prompt (under the fenced block in Markdown). */
  async insertResult(uri: unknown, text: unknown, id: unknown): Promise<void> {
    if (typeof uri !== 'string' || typeof text !== 'string' || typeof id !== 'string') return;
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const kind = promptKind(doc);
      const prompt = this.docs.get(doc)?.prompts.find((p) => p.text === text);
      if (!kind || !prompt) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Midjourney: that prompt is no longer in the file.'),
        );
        return;
      }
      const link = await this.deps.linkFor(id, doc);
      const line = kind === 'markdown' ? (prompt.fenceEnd ?? prompt.end.line) : prompt.end.line;
      const edit = new vscode.WorkspaceEdit();
      const sep = kind === 'markdown' ? '\n\n' : '\n';
      edit.insert(doc.uri, doc.lineAt(line).range.end, `${sep}${resultLine(kind, link)}`);
      if (!(await vscode.workspace.applyEdit(edit))) {
        throw new Error(vscode.l10n.t('The editor did not accept the image link; try again.'));
      }
    } catch (e) {
      await this.deps.showError(e, vscode.l10n.t('Insert result below failed'));
    }
  }

  /** The status lens: the run's newest task in the panel and the tree. */
  openRun(ids: unknown): void {
    const first = Array.isArray(ids) ? ids.find((x): x is string => typeof x === 'string') : undefined;
    if (first) this.deps.openTask(first);
  }

  private canSubmit(text: string): boolean {
    const error = validatePromptParams(text).find((i) => i.severity === 'error');
    if (!error) return true;
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Midjourney: fix this prompt first: {0}', error.message),
    );
    return false;
  }

  /** One submit per variant, in order; stops at the first that fails (the rest are not sent). */
  private async submitVariants(
    uri: string,
    text: string,
    variants: string[],
    open: boolean,
  ): Promise<boolean> {
    const batch = variants.length > 1 ? { id: newBatchId(), size: variants.length } : undefined;
    for (const v of variants) {
      const id = await this.deps.submit(v, { source: { uri, text }, ...(batch ? { batch } : {}) }, open);
      this.afterSubmit();
      if (!id) return false;
    }
    return true;
  }
}

function hasErrors(text: string): boolean {
  return validatePromptParams(text).some((i) => i.severity === 'error');
}

/** "This starts N jobs": a modal question; true when the user agreed. */
async function confirmJobs(jobs: number, uncapped?: number, detail?: string): Promise<boolean> {
  const start = vscode.l10n.t('Start {0} Jobs', String(jobs));
  const lines = [vscode.l10n.t('Each job is billed.')];
  if (uncapped !== undefined) {
    lines.push(vscode.l10n.t('Only the first {0} of {1} combinations run.', String(jobs), String(uncapped)));
  }
  if (detail) lines.push(detail);
  const pick = await vscode.window.showWarningMessage(
    jobs === 1 ? vscode.l10n.t('This starts 1 job.') : vscode.l10n.t('This starts {0} jobs.', String(jobs)),
    { modal: true, detail: lines.join(' ') },
    start,
  );
  return pick === start;
}
