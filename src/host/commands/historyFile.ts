import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { MjError } from '../../core/model/errors';
import {
  buildHistoryExport,
  HISTORY_FILE_NAME,
  HISTORY_IMAGES_DIR,
  HistoryFileError,
  importFollowUp,
  parseHistoryFile,
  planImport,
} from '../../core/history/historyFile';
import {
  importedMediaName,
  MAX_HISTORY_FILE_BYTES,
  mayReadImported,
  type ImportedEntry,
} from '../../core/history/importMedia';
import { uniqueName } from '../../core/media/library';
import type { TaskRecord } from '../../core/tasks/store';
import { showError } from '../errors';
import type { CommandContext } from './context';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the commands resolve to, so a caller (a test, another extension) sees the outcome: counts, or the
 * error sentence the user was shown; undefined when the user cancelled the dialog.
 */
export type HistoryResult =
  | { tasks: number; files: number }
  | { added: number; already: number }
  | { error: string };

/** Shows the error without waiting for the user's click, so the command resolves with the sentence. */
function failed(ctx: CommandContext, e: unknown, context: string): HistoryResult {
  void showError(e, ctx.log, { context });
  return { error: e instanceof MjError ? e.userMessage : e instanceof Error ? e.message : String(e) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `midjourney.exportHistory`: writes `midjourney-history.json` and an `images/` folder (every local image
 * and clip) into a folder the user picks, or into `uri` when a caller (a test, another extension) gives one.
 */
export async function exportHistory(ctx: CommandContext, uri?: unknown): Promise<HistoryResult | undefined> {
  await ctx.studio.settle(); // the archive is part of the history
  let folder = uri instanceof vscode.Uri ? uri : undefined;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Export History'),
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Export Here'),
    });
    folder = picked?.[0];
  }
  if (!folder) return undefined;
  try {
    const records = ctx.studio.store.list();
    const paths = records.flatMap((r) => [r.localImage ?? '', ...(r.localVideos ?? [])]).filter(Boolean);
    const present = new Set<string>();
    await Promise.all(
      paths.map(async (p) => {
        if (await exists(vscode.Uri.file(p))) present.add(p);
      }),
    );
    // Never overwrite: an earlier export here stays as it is, and files already in images/ keep their names.
    const target = vscode.Uri.joinPath(folder, HISTORY_FILE_NAME);
    if (await exists(target)) {
      throw new MjError({
        kind: 'config',
        message: vscode.l10n.t(
          '{0} already holds {1}; nothing was overwritten.',
          folder.fsPath,
          HISTORY_FILE_NAME,
        ),
        hint: vscode.l10n.t('Choose an empty folder for the export.'),
      });
    }
    const imagesDir = vscode.Uri.joinPath(folder, HISTORY_IMAGES_DIR);
    const taken = (await exists(imagesDir))
      ? (await vscode.workspace.fs.readDirectory(imagesDir)).map(([name]) => name)
      : [];
    const { document, files } = buildHistoryExport(records, {
      now: Date.now(),
      exists: (p) => present.has(p),
      taken,
    });
    await vscode.workspace.fs.createDirectory(imagesDir);
    for (const f of files) {
      await vscode.workspace.fs.copy(vscode.Uri.file(f.source), vscode.Uri.joinPath(imagesDir, f.name), {
        overwrite: false,
      });
    }
    await vscode.workspace.fs.writeFile(
      target,
      new TextEncoder().encode(JSON.stringify(document, null, 2) + '\n'),
    );
    ctx.log.info(`exported ${records.length} tasks and ${files.length} files to ${folder.fsPath}`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Exported {0} tasks and {1} files to {2}.', records.length, files.length, folder.fsPath),
    );
    return { tasks: records.length, files: files.length };
  } catch (e) {
    return failed(ctx, e, vscode.l10n.t('Export History failed'));
  }
}

/** `lstat` of a file in the export: never follows a symlink (`vscode.workspace.fs.stat` does). */
async function lstatEntry(uri: vscode.Uri): Promise<ImportedEntry | undefined> {
  if (uri.scheme !== 'file') {
    const st = await vscode.workspace.fs.stat(uri);
    return {
      isSymbolicLink: (st.type & vscode.FileType.SymbolicLink) !== 0,
      isFile: (st.type & vscode.FileType.File) !== 0,
      size: st.size,
    };
  }
  const st = await fs.lstat(uri.fsPath);
  return { isSymbolicLink: st.isSymbolicLink(), isFile: st.isFile(), size: st.size };
}

/**
 * Copies `images/<name>` from the export into the image library (clips into its `videos` folder) and
 * returns the local path; the same bytes already there are reused, a different file gets a free name.
 * Only a regular file (no symlink, no device) within the size cap whose bytes are a real picture or clip
 * is copied, and the copy is named by that type (see core/history/importMedia.ts).
 */
async function importFile(
  from: vscode.Uri,
  rel: string,
  dir: vscode.Uri,
  kind: 'image' | 'video',
): Promise<string | undefined> {
  const source = vscode.Uri.joinPath(from, rel);
  let bytes: Uint8Array;
  try {
    const entry = await lstatEntry(source);
    if (!entry || !mayReadImported(entry, kind)) return undefined;
    bytes = await vscode.workspace.fs.readFile(source);
  } catch {
    return undefined; // A missing image is not worth failing the import for: the server link may still work.
  }
  const base = importedMediaName(rel, bytes, kind);
  if (!base) return undefined; // not a picture / clip: never copied
  await vscode.workspace.fs.createDirectory(dir);
  const name = await uniqueName(base, async (n) => {
    const uri = vscode.Uri.joinPath(dir, n);
    if (!(await exists(uri))) return false;
    return !sameBytes(await vscode.workspace.fs.readFile(uri), bytes);
  });
  const target = vscode.Uri.joinPath(dir, name);
  if (!(await exists(target))) await vscode.workspace.fs.writeFile(target, bytes);
  return target.fsPath;
}

/**
 * `midjourney.importHistory`: reads an exported `midjourney-history.json` (picked, or `uri`), copies its
 * images into the library and merges its tasks into the list: one row per task id, the newer version wins,
 * parent links kept, unfinished tasks polled again.
 */
export async function importHistory(ctx: CommandContext, uri?: unknown): Promise<HistoryResult | undefined> {
  let file = uri instanceof vscode.Uri ? uri : undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Import History'),
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: false,
      filters: { [vscode.l10n.t('Midjourney history')]: ['json'] },
      openLabel: vscode.l10n.t('Import'),
    });
    file = picked?.[0];
  }
  if (!file) return undefined;
  try {
    let doc;
    try {
      const size = (await vscode.workspace.fs.stat(file)).size;
      if (size > MAX_HISTORY_FILE_BYTES) {
        throw new HistoryFileError(
          vscode.l10n.t('The history file is larger than {0} MB.', MAX_HISTORY_FILE_BYTES / 1024 / 1024),
        );
      }
      doc = parseHistoryFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    } catch (e) {
      if (e instanceof HistoryFileError) throw new MjError({ kind: 'unsupported', message: e.message });
      throw e;
    }
    const store = ctx.studio.store;
    const plan = planImport(doc.tasks, (id) => store.get(id));
    const from = vscode.Uri.joinPath(file, '..');
    const videosDir = vscode.Uri.joinPath(ctx.images.dir, 'videos');
    const stale: string[] = [];
    for (const rec of plan.toAdd) {
      const local: TaskRecord = { ...rec, localImage: undefined, localVideos: undefined };
      if (rec.localImage) local.localImage = await importFile(from, rec.localImage, ctx.images.dir, 'image');
      const clips = await Promise.all(
        (rec.localVideos ?? []).map((v) => importFile(from, v, videosDir, 'video')),
      );
      if (clips.some(Boolean)) local.localVideos = clips.map((c) => c ?? '');
      if (!local.localImage) delete local.localImage;
      if (!local.localVideos) delete local.localVideos;
      await store.add(local);
      const next = importFollowUp(local, Date.now());
      if (next === 'poll') ctx.studio.poller.track(local.task.id);
      // Old and unfinished: asked once; the server has most likely forgotten it.
      if (next === 'refreshOnce') stale.push(local.task.id);
    }
    for (const id of stale) {
      void ctx.studio.tasks
        .refresh(id, { poll: false })
        .catch((e: unknown) => ctx.log.warn(`import: ${id}: ${String(e)}`));
    }
    ctx.log.info(`imported ${plan.added} tasks (${plan.already} already in the list) from ${file.fsPath}`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Imported {0} tasks ({1} already in your list).', plan.added, plan.already),
    );
    return { added: plan.added, already: plan.already };
  } catch (e) {
    return failed(ctx, e, vscode.l10n.t('Import History failed'));
  }
}
