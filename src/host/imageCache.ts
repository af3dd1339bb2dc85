import * as vscode from 'vscode';
import { pictureUrls } from '../core/api/pictures';
import { downloadImage } from '../core/media/images';
import type { TaskRecord } from '../core/tasks/store';
import type { Log } from './log';
import type { Studio } from './studio';

/**
 * Keeps a local copy of every finished image under the extension's global storage, because the server's
 * links (Discord CDN, relays) expire. The panel and tooltips show the local copy once it exists.
 */
export class ImageCache implements vscode.Disposable {
  readonly dir: vscode.Uri;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly studio: Studio,
    private readonly log: Log,
  ) {
    this.dir = vscode.Uri.joinPath(studio.context.globalStorageUri, 'images');
    this.disposables.push(
      studio.onDidFinish((rec) => {
        void this.ensure(rec);
        void this.ensurePictures(rec);
      }),
    );
  }

  /** Downloads what finished while the extension was not running (or whose download failed). */
  catchUp(): void {
    for (const rec of this.studio.store.list()) {
      if (rec.task.status === 'SUCCESS' && rec.task.imageUrl && !rec.localImage) void this.ensure(rec);
      if (pictureUrls(rec.task).length > 0 && !rec.localPictures) void this.ensurePictures(rec);
    }
  }

  /** The local copy's URI, when there is one. */
  localUri(rec: TaskRecord): vscode.Uri | undefined {
    return rec.localImage ? vscode.Uri.file(rec.localImage) : undefined;
  }

  ensure(rec: TaskRecord): Promise<void> {
    const id = rec.task.id;
    const url = rec.task.imageUrl;
    if (rec.task.status !== 'SUCCESS' || !url || rec.localImage) return Promise.resolve();
    let p = this.inFlight.get(id);
    if (!p) {
      p = this.download(id, url).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, p);
    }
    return p;
  }

  /** A picture's local copy (`n` 1-4), when there is one. */
  pictureUri(rec: TaskRecord, n: number): vscode.Uri | undefined {
    const p = rec.localPictures?.[n - 1];
    return p ? vscode.Uri.file(p) : undefined;
  }

  /**
   * Keeps each of a grid's separate pictures (trueai `imageUrls`) as its own file, `<id>_<n>.<ext>` with the
   * type the server sent (PNG, JPEG or WebP), so Save Quadrants needs no cropping. All four or none are recorded.
   */
  ensurePictures(rec: TaskRecord): Promise<void> {
    const urls = pictureUrls(rec.task);
    if (urls.length === 0 || rec.localPictures) return Promise.resolve();
    const key = `${rec.task.id}#pictures`;
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.downloadPictures(rec.task.id, urls).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private async downloadPictures(id: string, urls: string[]): Promise<void> {
    try {
      const dispatcher = this.studio.dispatcher();
      const imgs = await Promise.all(urls.map((u) => downloadImage(u, { dispatcher })));
      await vscode.workspace.fs.createDirectory(this.dir);
      const safeId = id.replace(/[^\w.-]/g, '_');
      const paths: string[] = [];
      for (const [i, img] of imgs.entries()) {
        const target = vscode.Uri.joinPath(this.dir, `${safeId}_${i + 1}.${img.ext}`);
        await vscode.workspace.fs.writeFile(target, img.bytes);
        paths.push(target.fsPath);
      }
      await this.studio.store.update(id, (r) => ({ ...r, localPictures: paths }));
      this.log.info(`saved the ${paths.length} pictures of task ${id}`);
    } catch (e) {
      this.log.warn(
        `could not save the pictures of task ${id}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private async download(id: string, url: string): Promise<void> {
    try {
      const img = await downloadImage(url, {
        dispatcher: this.studio.dispatcher(),
        server: this.studio.profile(this.studio.store.get(id)?.profileId).baseUrl,
      });
      await vscode.workspace.fs.createDirectory(this.dir);
      const safeId = id.replace(/[^\w.-]/g, '_');
      const target = vscode.Uri.joinPath(this.dir, `${safeId}.${img.ext}`);
      await vscode.workspace.fs.writeFile(target, img.bytes);
      await this.studio.store.update(id, (r) => ({ ...r, localImage: target.fsPath }));
      this.log.info(`saved image of task ${id} (${img.bytes.length} bytes)`);
    } catch (e) {
      this.log.warn(`could not save the image of task ${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
