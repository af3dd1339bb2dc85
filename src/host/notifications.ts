import * as vscode from 'vscode';
import { noLinks } from '../core/model/plainText';
import { promptLabel } from '../core/prompts/prompt';
import { childName } from '../core/tasks/headline';
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
    // A cancel (trueai's FAILURE "取消任务" arrives as CANCEL) is what the user asked for: no warning.
    if (rec.task.status === 'CANCEL' && !rec.task.failReason) return;
    const openLabel = vscode.l10n.t('Open');
    // Whole sentences per outcome, so a translation never has to glue fragments together.
    // Server text: never a link the server chose (see noLinks).
    const reason = rec.task.failReason === undefined ? undefined : noLinks(rec.task.failReason);
    // A child says which it is ("U1 of “a fox”"): its prompt alone reads the same as its parent's.
    const named = childName(rec, rec.parentId ? studio.store.get(rec.parentId) : undefined);
    const child = named === undefined ? undefined : noLinks(named);
    const label = noLinks(promptLabel(rec.task.prompt || rec.task.id, 50));
    const text = child
      ? childSentence(rec, child, reason)
      : rec.task.status === 'SUCCESS'
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

/** The notification of a task made from another, named by `child` ("U1 of “a fox”", no quotes around it). */
function childSentence(rec: TaskRecord, child: string, reason: string | undefined): string {
  if (rec.task.status === 'SUCCESS') return vscode.l10n.t('Midjourney: {0} is ready.', child);
  if (rec.task.status === 'CANCEL')
    return reason
      ? vscode.l10n.t('Midjourney: {0} was cancelled: {1}', child, reason)
      : vscode.l10n.t('Midjourney: {0} was cancelled.', child);
  return reason
    ? vscode.l10n.t('Midjourney: {0} failed: {1}', child, reason)
    : vscode.l10n.t('Midjourney: {0} failed.', child);
}
