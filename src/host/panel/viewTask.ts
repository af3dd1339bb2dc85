import type * as vscode from 'vscode';
import { viewButtonsFor } from '../../core/buttons';
import { promptLabel } from '../../core/prompt';
import type { TaskRecord, TaskStore } from '../../core/store';
import { isRunning } from '../../core/types';
import { statusWords } from '../../core/words';
import type { ViewTask } from '../../shared/protocol';

/**
 * Maps a stored task to what the panel shows. The local copy of the image wins over the server's link
 * (links expire); a remote link is passed only when it is http(s).
 */
export function toViewTask(
  rec: TaskRecord,
  store: TaskStore,
  webview: vscode.Webview,
  localUri: (rec: TaskRecord) => vscode.Uri | undefined,
): ViewTask {
  const t = rec.task;
  const local = localUri(rec);
  const remote = t.imageUrl && /^https?:\/\//i.test(t.imageUrl) ? t.imageUrl : undefined;
  const parent = rec.parentId ? store.get(rec.parentId) : undefined;
  const buttons = viewButtonsFor(t);
  return {
    id: t.id,
    action: t.action,
    status: t.status,
    statusLabel: statusWords(t.status),
    running: isRunning(t.status),
    progress: t.progress,
    prompt: t.prompt,
    finalPrompt: t.finalPrompt,
    description: t.description,
    failReason: t.failReason,
    submitTime: t.submitTime ?? rec.createdAt,
    startTime: t.startTime,
    finishTime: t.finishTime,
    imageSrc: local ? webview.asWebviewUri(local).toString() : remote,
    isPreview: !local && t.status !== 'SUCCESS' && Boolean(remote),
    buttons,
    parentId: parent ? parent.task.id : undefined,
    parentLabel: parent ? promptLabel(parent.task.prompt || parent.task.id, 40) : undefined,
  };
}
