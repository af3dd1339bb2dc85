import * as vscode from 'vscode';
import { promptLabel } from '../core/prompts/prompt';
import type { TaskRecord } from '../core/tasks/store';
import type { Studio } from './studio';

/**
 * A notification when a task the user started in this window finishes or fails, with "Open"
 * (`midjourney.notifyOnFinish` turns it off).
 */
export function notifyOnFinish(studio: Studio, open: (id: string) => void): vscode.Disposable {
  return studio.onDidFinish((rec: TaskRecord) => {
    if (!studio.settings.notifyOnFinish || !studio.startedHere.has(rec.task.id)) return;
    studio.startedHere.delete(rec.task.id);
    const label = promptLabel(rec.task.prompt || rec.task.id, 50);
    const openLabel = vscode.l10n.t('Open');
    // Whole sentences per outcome, so a translation never has to glue fragments together.
    const reason = rec.task.failReason;
    const text =
      rec.task.status === 'SUCCESS'
        ? vscode.l10n.t('Midjourney: “{0}” is ready.', label)
        : rec.task.status === 'CANCEL'
          ? reason
            ? vscode.l10n.t('Midjourney: “{0}” was cancelled: {1}', label, reason)
            : vscode.l10n.t('Midjourney: “{0}” was cancelled.', label)
          : reason
            ? vscode.l10n.t('Midjourney: “{0}” failed: {1}', label, reason)
            : vscode.l10n.t('Midjourney: “{0}” failed.', label);
    const done =
      rec.task.status === 'SUCCESS'
        ? vscode.window.showInformationMessage(text, openLabel)
        : vscode.window.showWarningMessage(text, openLabel);
    void done.then((pick) => {
      if (pick === openLabel) open(rec.task.id);
    });
  });
}
