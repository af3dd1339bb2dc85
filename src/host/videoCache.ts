import * as vscode from 'vscode';
import type { TaskRecord } from '../core/tasks/store';
import { downloadVideo, videoUrlsOf } from '../core/media/video';
import type { Log } from './log';
import type { Studio } from './studio';

/**
 * Keeps a local copy of every clip of a finished video task, because the server's links expire and the
 * panel may load only what its CSP allows (`media-src` = the webview's own resources). The copies live in
 * a `videos` folder inside the image cache folder, which the panel's resource roots already cover.
 */
export class VideoCache implements vscode.Disposable {
  readonly dir: vscode.Uri;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly studio: Studio,
    private readonly log: Log,
    imagesDir: vscode.Uri,
  ) {
    this.dir = vscode.Uri.joinPath(imagesDir, 'videos');
    this.disposables.push(studio.onDidFinish((rec) => void this.ensure(rec)));
  }

  /** Downloads the clips of tasks that finished while the extension was not running (or failed to download). */
  catchUp(): void {
    for (const rec of this.studio.store.list()) void this.ensure(rec);
  }

  /** The local file of clip `index`, when it was downloaded. */
  localFile(rec: TaskRecord, index: number): vscode.Uri | undefined {
    const p = rec.localVideos?.[index];
    return p ? vscode.Uri.file(p) : undefined;
  }

  /** Downloads every clip of a finished video task once; later calls share the download in flight. */
  ensure(rec: TaskRecord): Promise<void> {
    const id = rec.task.id;
    const urls = videoUrlsOf(rec.task);
    if (rec.task.status !== 'SUCCESS' || urls.length === 0 || rec.localVideos?.some(Boolean)) {
      return Promise.resolve();
    }
    let p = this.inFlight.get(id);
    if (!p) {
      p = this.download(rec, urls).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, p);
    }
    return p;
  }

  private async download(rec: TaskRecord, known: string[]): Promise<void> {
    const id = rec.task.id;
    const urls = await this.allClipUrls(rec, known);
    const safeId = id.replace(/[^\w.-]/g, '_');
    // One at a time: clips are a few MB each, and a slow host should not get four parallel requests.
    const paths: string[] = [];
    for (const [i, url] of urls.entries()) {
      try {
        const clip = await downloadVideo(url, {
          dispatcher: this.studio.dispatcher(),
          server: this.studio.profile(rec.profileId).baseUrl,
        });
        await vscode.workspace.fs.createDirectory(this.dir);
        const target = vscode.Uri.joinPath(this.dir, `${safeId}-${i + 1}.${clip.ext}`);
        await vscode.workspace.fs.writeFile(target, clip.bytes);
        paths.push(target.fsPath);
      } catch (e) {
        // An empty entry keeps the others at their index: Extend and Save name clips by the server's index.
        paths.push('');
        this.log.warn(
          `could not save clip ${i + 1} of task ${id}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    if (!paths.some(Boolean)) return;
    await this.studio.store.update(id, (r) => ({ ...r, localVideos: paths }));
    this.log.info(`saved ${paths.filter(Boolean).length} of ${urls.length} clips of task ${id}`);
  }

  /**
   * The stored task may keep only `videoUrl` (the store trims long lists), so the full list is read once
   * from the server that made the task: a read, safe to repeat. On any failure the stored links are used.
   */
  private async allClipUrls(rec: TaskRecord, known: string[]): Promise<string[]> {
    try {
      const full = await this.studio.client(rec.profileId).fetchTask(rec.task.id);
      const urls = full ? videoUrlsOf(full) : [];
      return urls.length > 0 ? urls : known;
    } catch {
      return known;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
