import * as vscode from 'vscode';
import type { TaskFs } from '../core/tasks/taskFiles';

/**
 * A directory of task files under globalStorageUri (`tasks/`; the archive's chunks in `archive/`), shared by
 * every window of the profile (see core/tasks/taskFiles.ts), through `vscode.workspace.fs` so remote and web
 * extension hosts work alike.
 * A write goes to a temp file that is then renamed over the target: a reader in another window sees the
 * whole old or the whole new file, never half of one.
 */
export function workspaceTaskFs(globalStorage: vscode.Uri, sub = 'tasks'): TaskFs {
  const dir = vscode.Uri.joinPath(globalStorage, sub);
  const fs = vscode.workspace.fs;
  let made = false;
  let seq = 0;
  const tag = Math.random().toString(36).slice(2, 8);
  return {
    async list() {
      try {
        return (await fs.readDirectory(dir))
          .filter(([name, type]) => type === vscode.FileType.File && !name.startsWith('.'))
          .map(([name]) => name);
      } catch {
        // Nothing written yet.
        return [];
      }
    },
    async read(name) {
      try {
        return new TextDecoder().decode(await fs.readFile(vscode.Uri.joinPath(dir, name)));
      } catch {
        // Gone between the list and the read (archived by another window).
        return undefined;
      }
    },
    async write(name, text) {
      if (!made) {
        await fs.createDirectory(dir);
        made = true;
      }
      const tmp = vscode.Uri.joinPath(dir, `.${name}.${tag}-${seq++}.tmp`);
      await fs.writeFile(tmp, new TextEncoder().encode(text));
      try {
        await fs.rename(tmp, vscode.Uri.joinPath(dir, name), { overwrite: true });
      } catch (e) {
        await fs.delete(tmp, { useTrash: false }).then(undefined, () => undefined);
        throw e;
      }
    },
    async delete(name) {
      await fs.delete(vscode.Uri.joinPath(dir, name), { useTrash: false });
    },
  };
}

/**
 * Calls `onChange` (debounced) when another window writes a task file. Files outside the workspace are
 * watched through a RelativePattern on their folder; where the watcher sees nothing (some remote hosts),
 * the store still syncs on focus and on each poll tick.
 */
export function watchTaskFiles(globalStorage: vscode.Uri, onChange: () => void): vscode.Disposable {
  const dir = vscode.Uri.joinPath(globalStorage, 'tasks');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, 150);
  };
  let watcher: vscode.FileSystemWatcher | undefined;
  try {
    watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, '*.json'));
    watcher.onDidCreate(fire);
    watcher.onDidChange(fire);
    watcher.onDidDelete(fire);
  } catch {
    // No watcher here: focus and poll ticks sync instead.
  }
  return {
    dispose() {
      if (timer) clearTimeout(timer);
      watcher?.dispose();
    },
  };
}
