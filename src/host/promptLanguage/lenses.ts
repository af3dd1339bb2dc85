/**
 * The CodeLenses over each prompt: `▶ Imagine` (`▶ Imagine ×N` when it starts several jobs), then, once
 * tasks remember that prompt text in this file, their state and `Insert result below`. Tasks are found by
 * the prompt's text, so a lens follows its line when lines above move and goes when the text changes.
 */
import * as vscode from 'vscode';
import { jobCount } from '../../core/prompts/paramTable';
import { latestRun, recordsByPrompt, type RunState } from '../../core/tasks/promptLens';
import type { PromptHostDeps } from './deps';
import { toPosition, type PromptDocuments } from './documents';

/** The status lens's words: `⏳ 45 %`, `✓ 4 images`, `✗ failed: <reason>`. */
export function stateTitle(s: RunState): string {
  switch (s.kind) {
    case 'running':
      return s.tasks > 1
        ? vscode.l10n.t('⏳ {0} % ({1} running)', String(s.percent), String(s.tasks))
        : vscode.l10n.t('⏳ {0} %', String(s.percent));
    case 'done':
      return s.failed
        ? vscode.l10n.t('✓ {0} images, {1} failed', String(s.images), String(s.failed))
        : vscode.l10n.t('✓ {0} images', String(s.images));
    case 'failed':
      return vscode.l10n.t('✗ failed: {0}', s.reason);
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

export class PromptLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Job counts by prompt text (the same for a text whatever the document). */
  private jobs = new Map<string, number>();

  constructor(
    private readonly docs: PromptDocuments,
    private readonly deps: PromptHostDeps,
  ) {
    // Progress arrives on every poll: one redraw per quarter second is plenty.
    this.subscription = deps.onDidChangeRecords(() => {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.changed.fire();
      }, 250);
    });
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const check = this.docs.get(doc);
    if (!check?.prompts.length) return [];
    const uri = doc.uri.toString();
    const byPrompt = recordsByPrompt(this.deps.records(), uri);
    const out: vscode.CodeLens[] = [];
    for (const p of check.prompts) {
      const range = new vscode.Range(toPosition(p.start), toPosition(p.start));
      let jobs = this.jobs.get(p.text);
      if (jobs === undefined) {
        if (this.jobs.size > 5000) this.jobs = new Map();
        jobs = jobCount(p.text);
        this.jobs.set(p.text, jobs);
      }
      out.push(
        new vscode.CodeLens(range, {
          title: jobs > 1 ? vscode.l10n.t('▶ Imagine ×{0}', String(jobs)) : vscode.l10n.t('▶ Imagine'),
          tooltip:
            jobs > 1
              ? vscode.l10n.t('Starts {0} jobs (you are asked first)', String(jobs))
              : vscode.l10n.t('Submit this prompt'),
          command: 'midjourney.imaginePrompt',
          arguments: [uri, p.text],
        }),
      );
      const recs = byPrompt.get(p.text);
      const run = recs && latestRun(recs);
      if (!run) continue;
      out.push(
        new vscode.CodeLens(range, {
          title: stateTitle(run.state),
          tooltip: vscode.l10n.t('Open the task'),
          command: 'midjourney.openPromptRun',
          arguments: [run.taskIds],
        }),
      );
      if (run.resultId) {
        out.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Insert result below'),
            command: 'midjourney.insertPromptResult',
            arguments: [uri, p.text, run.resultId],
          }),
        );
      }
    }
    return out;
  }

  /** Redraws the lenses now (after a submit, so the state shows without waiting). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
