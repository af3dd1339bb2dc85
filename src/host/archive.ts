import * as vscode from 'vscode';
import type { ChunkFiles } from '../core/tasks/archive';
import { ChunkArchive } from '../core/tasks/archive';

/**
 * The task archive's files: `<globalStorageUri>/archive/*.json`, through `vscode.workspace.fs` so it works
 * for remote and web extension hosts alike. globalStorageUri is shared by every window, like globalState.
 */
export function workspaceArchive(globalStorage: vscode.Uri): ChunkArchive {
  const dir = vscode.Uri.joinPath(globalStorage, 'archive');
  const fs = vscode.workspace.fs;
  let made = false;
  const files: ChunkFiles = {
    async list() {
      try {
        return (await fs.readDirectory(dir))
          .filter(([, type]) => type === vscode.FileType.File)
          .map(([name]) => name);
      } catch {
        // No archive yet.
        return [];
      }
    },
    async read(name) {
      try {
        return new TextDecoder().decode(await fs.readFile(vscode.Uri.joinPath(dir, name)));
      } catch {
        // Another window compacted it away between our list and read.
        return undefined;
      }
    },
    async write(name, text) {
      if (!made) {
        await fs.createDirectory(dir);
        made = true;
      }
      await fs.writeFile(vscode.Uri.joinPath(dir, name), new TextEncoder().encode(text));
    },
    async delete(name) {
      await fs.delete(vscode.Uri.joinPath(dir, name), { useTrash: false });
    },
  };
  return new ChunkArchive(files);
}
