import type * as vscode from 'vscode';
import { ChunkArchive } from '../core/tasks/archive';
import { workspaceTaskFs } from './taskFiles';

/**
 * The task archive's files: `<globalStorageUri>/archive/*.json`, shared by every window like globalState. They
 * are written like the task files (a temp file renamed over the target), so a window reading a chunk while
 * another compacts it sees the whole old or the whole new chunk, never half of one.
 */
export function workspaceArchive(globalStorage: vscode.Uri): ChunkArchive {
  return new ChunkArchive(workspaceTaskFs(globalStorage, 'archive'));
}
