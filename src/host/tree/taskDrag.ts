import * as vscode from 'vscode';
import type { TaskStore } from '../../core/tasks/store';
import type { TaskNode } from './taskTree';

/** The tree's own MIME type (VS Code's convention for `midjourney.tasks`); our drop provider reads it. */
export const TASKS_MIME = 'application/vnd.code.tree.midjourney.tasks';

/**
 * Lets task rows be dragged out of the tree (into a Markdown editor, where MarkdownImages links the image).
 * The tree accepts no drops.
 */
export class TaskDragController implements vscode.TreeDragAndDropController<TaskNode> {
  readonly dragMimeTypes = [TASKS_MIME];
  readonly dropMimeTypes: readonly string[] = [];

  handleDrag(source: readonly TaskNode[], dataTransfer: vscode.DataTransfer): void {
    dataTransfer.set(TASKS_MIME, new vscode.DataTransferItem(JSON.stringify(source)));
  }
}

/**
 * The task ids in a drop. Our handleDrag puts a JSON list of ids; VS Code may hand over the tree's item
 * handles instead (`<prefix>/<id>`), so each entry is matched against the store either way. Anything
 * that is not one of the user's tasks is ignored.
 */
export async function draggedTaskIds(dt: vscode.DataTransfer, store: TaskStore): Promise<string[]> {
  const item = dt.get(TASKS_MIME);
  if (!item) return [];
  let entries: unknown = item.value;
  if (!Array.isArray(entries)) {
    try {
      entries = JSON.parse(await item.asString());
    } catch {
      return [];
    }
  }
  if (!Array.isArray(entries)) return [];
  const ids: string[] = [];
  for (const e of entries.slice(0, 50)) {
    if (typeof e !== 'string') continue;
    const id = [e, e.slice(e.indexOf('/') + 1), e.slice(e.lastIndexOf('/') + 1)].find((c) => store.get(c));
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
