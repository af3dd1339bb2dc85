/**
 * The gallery's host side, its own bundle (dist/gallery.js) loaded on the first Open Gallery or when VS Code
 * restores the panel after a reload: activation never parses it. One panel; its webview talks only through
 * galleryProtocol.ts, and every action it asks for runs one of the extension's existing commands.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { thumbName } from '../../core/media/thumbName';
import { ThumbnailQueue, type ThumbJob } from '../../core/media/thumbnailQueue';
import {
  galleryRecords,
  galleryTime,
  isGalleryGrid,
  isGalleryPicture,
  queryGallery,
} from '../../core/tasks/gallery';
import type { TaskRecord } from '../../core/tasks/store';
import { l10nBundle } from '../../shared/l10n';
import {
  FIRST_ITEMS,
  parseGalleryMessage,
  type GalleryAction,
  type GalleryHostMessage,
  type GalleryItem,
  type GalleryMessage,
} from '../../shared/galleryProtocol';
import type { CommandContext } from '../commands/context';
import { makeDateWords } from '../../shared/dateWords';
import { StyleRefs } from '../styleRefs';
import { galleryHtml } from './galleryHtml';

export const GALLERY_VIEW_TYPE = 'midjourney.gallery';

/** The folder of thumbnails inside the image library. */
export function thumbsDir(ctx: CommandContext): vscode.Uri {
  return vscode.Uri.joinPath(ctx.images.dir, 'thumbs');
}

/**
 * Makes the thumbnails (once each, in a worker thread) and remembers which exist, so the item list names
 * a thumbnail only when its file is there.
 */
class Thumbs implements vscode.Disposable {
  readonly dir: vscode.Uri;
  private readonly have = new Set<string>();
  private readonly failed = new Set<string>();
  private listed: Promise<void> | undefined;
  private readonly queue: ThumbnailQueue;

  constructor(
    private readonly ctx: CommandContext,
    onMade: (id: string) => void,
  ) {
    this.dir = thumbsDir(ctx);
    this.queue = new ThumbnailQueue({
      workerPath: path.join(ctx.studio.context.extensionPath, 'dist', 'thumbnailWorker.js'),
      onDone: (job, r) => {
        if (r.ok) {
          this.have.add(job.id);
          onMade(job.id);
        } else {
          this.failed.add(job.id);
          ctx.log.warn(`thumbnail of ${job.id}: ${r.error ?? 'failed'}`);
        }
      },
    });
  }

  /** Reads which thumbnails exist (once). */
  list(): Promise<void> {
    this.listed ??= (async () => {
      try {
        for (const [name] of await vscode.workspace.fs.readDirectory(this.dir)) {
          if (name.endsWith('.jpg')) this.have.add(name.slice(0, -4));
        }
      } catch {
        // No folder yet: no thumbnails yet.
      }
    })();
    return this.listed;
  }

  has(rec: TaskRecord): boolean {
    return this.have.has(thumbName(rec.task.id).slice(0, -4));
  }

  /** Queues the thumbnails these pictures lack; `front` for tiles on screen (their downloads start too). */
  want(recs: readonly TaskRecord[], front: boolean): void {
    const jobs: ThumbJob[] = [];
    for (const rec of recs) {
      if (this.has(rec) || this.failed.has(rec.task.id)) continue;
      if (rec.localImage) {
        jobs.push({
          id: rec.task.id,
          src: rec.localImage,
          out: path.join(this.dir.fsPath, thumbName(rec.task.id)),
        });
      } else if (front) {
        // Not downloaded yet: the image cache fetches it; the store change brings it back here.
        void this.ctx.images.ensure(rec);
      }
    }
    if (jobs.length) this.queue.add(jobs, front);
  }

  dispose(): void {
    this.queue.dispose();
  }
}

/** The gallery panel (one per window) and its restore after a reload. */
export class Gallery implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];
  private readonly thumbs: Thumbs;
  private readonly refs: StyleRefs;
  /** The finished pictures, newest first, as last sent. */
  private records: TaskRecord[] = [];
  private known = new Set<string>();
  private resend: ReturnType<typeof setTimeout> | undefined;
  private made: string[] = [];
  private flushMade: ReturnType<typeof setTimeout> | undefined;
  private thumbBase = '';

  constructor(private readonly ctx: CommandContext) {
    this.refs = new StyleRefs(ctx.studio.context.globalState);
    this.thumbs = new Thumbs(ctx, (id) => this.onThumb(id));
    const sub = ctx.studio.store.onDidChange((e) => this.onStoreChange(e.ids));
    this.disposables.push(this.thumbs, new vscode.Disposable(() => sub.dispose()));
  }

  /** Opens the gallery, or brings it to the front. */
  open(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      GALLERY_VIEW_TYPE,
      vscode.l10n.t('Midjourney Gallery'),
      { viewColumn: vscode.ViewColumn.Active },
      // No retained context: a hidden gallery frees its webview; the page keeps its view state (getState).
      this.options(),
    );
    this.attach(panel);
  }

  /** VS Code brings the panel back after a reload; the webview keeps its own view state (getState). */
  restore(panel: vscode.WebviewPanel): void {
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.attach(panel);
  }

  /** Whether the panel is open (tests). */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private options(): vscode.WebviewOptions {
    const ext = this.ctx.studio.context.extensionUri;
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [
        vscode.Uri.joinPath(ext, 'dist'),
        vscode.Uri.joinPath(ext, 'media'),
        this.ctx.images.dir,
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    const ext = this.ctx.studio.context.extensionUri;
    const webview = panel.webview;
    webview.options = this.options();
    panel.iconPath = vscode.Uri.joinPath(ext, 'media', 'midjourney.svg');
    panel.title = vscode.l10n.t('Midjourney Gallery');
    this.thumbBase = webview.asWebviewUri(this.thumbs.dir).toString();
    webview.html = galleryHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(ext, 'dist', 'galleryWebview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(ext, 'media', 'gallery.css')).toString(),
      codiconUri: webview
        .asWebviewUri(vscode.Uri.joinPath(ext, 'dist', 'codicons', 'codicon.css'))
        .toString(),
      language: vscode.env.language,
      title: vscode.l10n.t('Midjourney Gallery'),
      bundle: l10nBundle(),
    });
    this.panelDisposables.push(
      panel.onDidDispose(() => this.detach()),
      webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is rebuilt when shown; it says `ready` again and gets everything.
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  private detach(): void {
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.ready = false;
  }

  private post(msg: GalleryHostMessage): void {
    void this.panel?.webview.postMessage(msg);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseGalleryMessage(raw);
    if (!msg) {
      this.ctx.log.warn('gallery: ignored a message that is not part of the protocol');
      return;
    }
    switch (msg.type) {
      case 'ready':
        await this.thumbs.list();
        this.ready = true;
        this.sendItems();
        // Everything not made yet, in the background, newest first.
        this.thumbs.want(this.records, false);
        return;
      case 'query':
        this.post({ type: 'shown', seq: msg.seq, ids: this.query(msg) });
        return;
      case 'want': {
        const recs = msg.ids.map((id) => this.ctx.studio.store.get(id)).filter((r) => r !== undefined);
        this.thumbs.want(recs, true);
        return;
      }
      case 'preview': {
        const rec = this.ctx.studio.store.get(msg.id);
        const uri = rec && this.ctx.images.localUri(rec);
        if (uri && this.panel)
          this.post({ type: 'full', id: msg.id, src: this.panel.webview.asWebviewUri(uri).toString() });
        return;
      }
      case 'act':
        await this.act(msg.action, msg.ids);
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private query(msg: GalleryMessage & { type: 'query' }): string[] {
    return queryGallery(this.records, msg.filter, Date.now()).map((r) => r.task.id);
  }

  private thumbUri(rec: TaskRecord): string | undefined {
    return this.thumbs.has(rec)
      ? `${this.thumbBase}/${encodeURIComponent(thumbName(rec.task.id))}`
      : undefined;
  }

  private item(rec: TaskRecord): GalleryItem {
    return {
      id: rec.task.id,
      prompt: rec.task.prompt,
      action: rec.task.action,
      time: galleryTime(rec),
      grid: isGalleryGrid(rec),
      starred: rec.starred === true,
      thumb: this.thumbUri(rec),
      ...this.quadsOf(rec),
    };
  }

  /** The four pictures the server gave separately (trueai `imageUrls`), from their local copies, once saved. */
  private quadsOf(rec: TaskRecord): { quads?: string[] } {
    const webview = this.panel?.webview;
    const pictures = rec.localPictures;
    if (!webview || !pictures || pictures.length !== 4) return {};
    return { quads: pictures.map((p) => webview.asWebviewUri(vscode.Uri.file(p)).toString()) };
  }

  private sendItems(): void {
    this.records = galleryRecords(this.ctx.studio.store.list());
    this.known = new Set(this.records.map((r) => r.task.id));
    if (!this.ready) return;
    const actions = [...new Set(this.records.map((r) => r.task.action))].sort();
    const refs = this.refs.list().map((r) => ({ url: r.url, label: r.label }));
    const first = this.records.slice(0, FIRST_ITEMS);
    const rest = this.records.slice(FIRST_ITEMS);
    this.post({
      type: 'items',
      items: first.map((r) => this.item(r)),
      actions,
      refs,
      complete: !rest.length,
      dates: makeDateWords(vscode.env.language),
    });
    if (rest.length) {
      this.post({
        type: 'items',
        items: rest.map((r) => this.item(r)),
        actions,
        refs,
        append: true,
        complete: true,
      });
    }
  }

  private onStoreChange(ids: readonly string[]): void {
    if (!this.panel) return;
    const known = this.known;
    // A poll of a running task changes nothing here; a new picture, a star, a deletion or the archive does.
    const relevant = ids.some((id) => {
      const rec = this.ctx.studio.store.get(id);
      return known.has(id) || (rec !== undefined && isGalleryPicture(rec));
    });
    if (!relevant || this.resend) return;
    this.resend = setTimeout(() => {
      this.resend = undefined;
      this.sendItems();
      // New local images get their thumbnails.
      this.thumbs.want(this.records, false);
    }, 300);
  }

  private onThumb(id: string): void {
    this.made.push(id);
    this.flushMade ??= setTimeout(() => {
      this.flushMade = undefined;
      const thumbs = this.made.splice(0).flatMap((made) => {
        const rec = this.ctx.studio.store.get(made);
        const thumb = rec && this.thumbUri(rec);
        return thumb ? [{ id: made, thumb }] : [];
      });
      if (thumbs.length && this.ready) this.post({ type: 'thumbs', thumbs });
    }, 150);
  }

  /** The context menu and keys: each action is one of the extension's own commands (an allow-list). */
  private async act(action: GalleryAction, ids: string[]): Promise<void> {
    const store = this.ctx.studio.store;
    const recs = ids.map((id) => store.get(id)).filter((r) => r !== undefined);
    const first = recs[0];
    if (!first) return;
    const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args);
    const many = recs.map((r) => r.task.id);
    switch (action) {
      case 'open':
        for (const r of recs.slice(0, 10)) await run('midjourney.openTask', r.task.id);
        return;
      case 'insert':
        for (const r of recs) await run('midjourney.insertImage', r.task.id);
        return;
      case 'saveAs':
        await run('midjourney.saveImageAs', first.task.id);
        return;
      case 'copyPrompt':
        if (recs.length === 1) await run('midjourney.copyPrompt', first.task.id);
        else await vscode.env.clipboard.writeText(recs.map((r) => r.task.prompt).join('\n'));
        return;
      case 'reusePrompt':
        await run('midjourney.reusePrompt', first.task.id);
        return;
      case 'imagePrompt': {
        const uris = recs.flatMap((r) => (r.localImage ? [vscode.Uri.file(r.localImage)] : []));
        if (uris.length) await run('midjourney.imagineWithImages', uris[0], uris);
        else
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Midjourney: the picture is not downloaded yet; try again in a moment.'),
          );
        return;
      }
      case 'styleRef':
        for (const r of recs) await run('midjourney.useAsStyleReference', r.task.id);
        this.sendItems();
        return;
      case 'star':
        await run('midjourney.starTask', first.task.id, many);
        return;
      case 'unstar':
        await run('midjourney.unstarTask', first.task.id, many);
        return;
      case 'delete':
        await run('midjourney.deleteTask', first.task.id, many);
        return;
      default: {
        const never: never = action;
        return never;
      }
    }
  }

  /** Re-sends the list (the style-reference library changed). */
  refresh(): void {
    this.sendItems();
  }

  dispose(): void {
    clearTimeout(this.resend);
    clearTimeout(this.flushMade);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function createGallery(ctx: CommandContext): Gallery {
  return new Gallery(ctx);
}
