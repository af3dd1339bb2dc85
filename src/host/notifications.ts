import * as vscode from 'vscode';
import { promptLabel } from '../core/prompt';
import type { TaskRecord } from '../core/store';
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
    const done =
      rec.task.status === 'SUCCESS'
        ? vscode.window.showInformationMessage(`Midjourney: “${label}” is ready.`, 'Open')
        : vscode.window.showWarningMessage(
            `Midjourney: “${label}” ${rec.task.status === 'CANCEL' ? 'was cancelled' : 'failed'}${
              rec.task.failReason ? `: ${rec.task.failReason}` : '.'
            }`,
            'Open',
          );
    void done.then((pick) => {
      if (pick === 'Open') open(rec.task.id);
    });
  });
}
