import * as vscode from 'vscode';
import { MjError } from '../core/model/errors';
import { sniffImageType } from '../core/media/images';
import { fileNameFor, savedCopiesOf, uniqueName, unusedFiles, withSavedCopy } from '../core/media/library';
import type { TaskRecord } from '../core/tasks/store';
import type { ImageCache } from './imageCache';
import type { Log } from './log';
import type { Studio } from './studio';

/** workspaceState key: task id → the workspace copies saved from it (newest last), as URI strings. */
const SAVED_KEY = 'midjourney.savedImages';
const EXT_OF: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** One sentence for the user; showError shows it as it is (an MjError's message is not prefixed). */
export function libraryError(message: string): MjError {
  return new MjError({ kind: 'unsupported', message });
}

/** A finished task's image as bytes, with its type read from the bytes themselves. */
export interface ImageBytes {
  bytes: Uint8Array;
  contentType?: string;
  ext: string;
}

/**
 * The user's images in their project: reads a task's local copy (downloading it first when needed), saves
 * copies into the workspace without overwriting anything, and remembers where they went (for Reveal).
 */
export class ImageLibrary {
  constructor(
    private readonly studio: Studio,
    private readonly images: ImageCache,
    private readonly log: Log,
  ) {}

  /** The local copy of a finished task's image; downloads it now when the cache has not got it yet. */
  async read(id: string): Promise<ImageBytes> {
    let rec = this.studio.store.get(id);
    if (!rec) throw libraryError(vscode.l10n.t('That task is no longer in your list.'));
    if (rec.task.status !== 'SUCCESS' || !rec.task.imageUrl) {
      throw libraryError(vscode.l10n.t('This task has no finished image yet.'));
    }
    if (!rec.localImage) {
      await this.images.ensure(rec);
      rec = this.studio.store.get(id) ?? rec;
    }
    if (!rec.localImage) {
      throw libraryError(
        vscode.l10n.t('The image could not be downloaded; the link may have expired. Refresh the task.'),
      );
    }
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(rec.localImage));
    const contentType = sniffImageType(bytes);
    const ext = (contentType && EXT_OF[contentType]) ?? rec.localImage.split('.').pop() ?? 'png';
    return { bytes, contentType, ext };
  }

  /**
   * The folder images are saved into: `midjourney.saveFolder` inside the workspace folder of `near` (the
   * document they are for), else the first workspace folder. Undefined without an open folder.
   */
  saveFolder(near?: vscode.Uri): vscode.Uri | undefined {
    const folder =
      (near && vscode.workspace.getWorkspaceFolder(near)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const setting = vscode.workspace
      .getConfiguration('midjourney', folder.uri)
      .get<string>('saveFolder', 'assets/midjourney');
    // The folder is relative to the workspace; `..` or an absolute path would write outside the project.
    const parts = (setting || 'assets/midjourney')
      .split(/[\\/]+/)
      .filter((p) => p && p !== '.' && p !== '..');
    return parts.length > 0 ? vscode.Uri.joinPath(folder.uri, ...parts) : folder.uri;
  }

  /** Saves the task's image into the save folder under a name from its prompt; never overwrites. */
  async saveToWorkspace(id: string, near?: vscode.Uri): Promise<vscode.Uri> {
    const folder = this.saveFolder(near);
    if (!folder)
      throw libraryError(vscode.l10n.t('Open a folder first: images are saved into the workspace.'));
    // Linking the same image twice (insert, then a drop) reuses its copy in that folder instead of a -2.
    const copy = await this.savedCopy(id, folder);
    if (copy) return copy;
    const img = await this.read(id);
    return this.writeUnique(folder, this.nameFor(id, img.ext), img.bytes, id);
  }

  /**
   * Writes `bytes` as `name` in `folder`, or as `name-2.ext`… when taken. With `id`, remembers it as that
   * task's copy (Reveal, and reuse by the next link); quadrants are other pictures and pass none.
   */
  async writeUnique(folder: vscode.Uri, name: string, bytes: Uint8Array, id?: string): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(folder);
    const free = await uniqueName(name, (n) => exists(vscode.Uri.joinPath(folder, n)));
    const target = vscode.Uri.joinPath(folder, free);
    await vscode.workspace.fs.writeFile(target, bytes);
    if (id) await this.rememberSaved(id, target);
    this.log.info(`saved ${target.fsPath}`);
    return target;
  }

  /** The file name a task's image gets: its prompt as a slug. */
  nameFor(id: string, ext: string): string {
    const rec = this.studio.store.get(id);
    return fileNameFor(rec?.task.prompt || rec?.origin.label || '', id, ext);
  }

  /** The newest workspace copy of the task's image that still exists (directly in `folder`, if given). */
  async savedCopy(id: string, folder?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const all = savedCopiesOf(this.savedMap(), id);
    for (const s of [...all].reverse()) {
      const uri = vscode.Uri.parse(s);
      if (folder && vscode.Uri.joinPath(uri, '..').toString() !== folder.toString()) continue;
      if (await exists(uri)) return uri;
    }
    return undefined;
  }

  /**
   * Deletes the library's local copies (pictures and clips) of these removed tasks, except files a task
   * still in the list uses (workspace copies are the user's and stay). Call after removing them from the store.
   */
  async deleteLocalFiles(recs: readonly TaskRecord[]): Promise<number> {
    let n = 0;
    await this.studio.settle(); // archived tasks count as users too
    for (const file of unusedFiles(recs, this.studio.store.list())) {
      try {
        await vscode.workspace.fs.delete(vscode.Uri.file(file));
        n++;
      } catch (e) {
        this.log.warn(`could not delete ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return n;
  }

  private savedMap(): unknown {
    return this.studio.context.workspaceState.get<unknown>(SAVED_KEY);
  }

  /** Records a workspace copy of the task's image (Reveal shows the newest one that still exists). */
  async rememberSaved(id: string, uri: vscode.Uri): Promise<void> {
    await this.studio.context.workspaceState.update(
      SAVED_KEY,
      withSavedCopy(this.savedMap(), id, uri.toString()),
    );
  }
}

/** Whether a file exists (any file system VS Code knows). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
