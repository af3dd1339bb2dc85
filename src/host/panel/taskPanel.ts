import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { promptLabel } from '../../core/prompts/prompt';
import { lineageOf } from '../../core/tasks/taskFilter';
import type { TaskRecord } from '../../core/tasks/store';
import {
  MASK_SUBMIT_KEY,
  parsePanelState,
  parseWebviewMessage,
  type HostMessage,
  type PanelState,
  type WebviewMessage,
  type PromptUse,
} from '../../shared/protocol';
import type { Studio } from '../studio';
import { toViewTask } from './viewTask';
import { isForPanel } from '../../shared/protocol';
import { l10nBundle } from '../../shared/l10n';
import { panelHtml } from './panelHtml';

export const PANEL_VIEW_TYPE = 'midjourney.task';

/** What the panel asks the rest of the host to do; the host owns submits, confirmations and errors. */
export interface PanelActions {
  /** `strong`: trueai's Vary Strong (true) / Subtle (false), sent only when the button carries it. */
  pressButton(taskId: string, customId: string, strong?: boolean): Promise<void>;
  /** Edit Image (/submit/edits) of the finished task's picture, or of its separate picture `picture` (1-4). */
  editImage(taskId: string, picture?: number): Promise<void>;
  retry(taskId: string): Promise<void>;
  refresh(taskId: string): Promise<void>;
  copyPrompt(taskId: string): Promise<void>;
  open(taskId: string): Promise<void>;
  /** Cancels a running task on the server. */
  cancel(taskId: string): Promise<void>;
  /** Copies, inserts or imagines prompt `index` of a describe/shorten result. */
  usePrompt(taskId: string, index: number, how: PromptUse): Promise<void>;
  /** Saves the finished image into the workspace and links it in the last text editor. */
  insertImage(taskId: string): Promise<void>;
  /** Saves the finished image under a name the user picks. */
  saveImageAs(taskId: string): Promise<void>;
  /** Vary Region: sends the painted mask and the prompt of a MODAL Inpaint task. */
  submitMask(taskId: string, prompt: string, maskDataUrl: string): Promise<void>;
  /** Extends clip `index` of a finished video task. */
  extendVideo(taskId: string, index: number, motion: 'low' | 'high'): Promise<void>;
  /** Saves clip `index` of a video task where the user picks. */
  saveVideo(taskId: string, index: number): Promise<void>;
}

/**
 * One result panel per task. Owns its disposables; talks to its webview only through the typed protocol;
 * posts the whole state after the webview says `ready` and whenever the task changes.
 */
class TaskPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public taskId: string,
    private readonly owner: TaskPanels,
  ) {
    panel.webview.options = owner.webviewOptions();
    panel.webview.html = owner.html(panel.webview);
    panel.iconPath = vscode.Uri.joinPath(owner.studio.context.extensionUri, 'media', 'midjourney.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      panel.onDidChangeViewState(() => {
        // A webview that was hidden is rebuilt when shown again; it sends `ready` and gets the state.
        if (!panel.visible) this.ready = false;
      }),
    );
    this.updateTitle();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.owner.studio.log.warn('panel: ignored a message that is not part of the protocol');
      return;
    }
    // Only the ready handshake and messages about this panel's own task are acted on (see isForPanel).
    if (!isForPanel(msg, this.taskId)) return;
    await this.handle(msg);
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    const actions = this.owner.actions;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.postState();
        return;
      case 'action':
        // Only for the task this panel shows: a webview cannot press buttons of other tasks.
        if (msg.taskId !== this.taskId) return;
        try {
          await actions.pressButton(msg.taskId, msg.customId, msg.strong);
        } finally {
          this.post({ type: 'busy', customId: msg.customId, busy: false });
        }
        return;
      case 'editImage':
        if (msg.taskId === this.taskId) await actions.editImage(msg.taskId, msg.picture);
        return;
      case 'retry':
        if (msg.taskId === this.taskId) await actions.retry(msg.taskId);
        return;
      case 'refresh':
        if (msg.taskId === this.taskId) await actions.refresh(msg.taskId);
        return;
      case 'copyPrompt':
        if (msg.taskId === this.taskId) await actions.copyPrompt(msg.taskId);
        return;
      case 'openParent': {
        const parentId = this.owner.studio.store.get(this.taskId)?.parentId;
        if (msg.taskId === this.taskId && parentId) await actions.open(parentId);
        return;
      }
      case 'cancel':
        if (msg.taskId === this.taskId) await actions.cancel(msg.taskId);
        return;
      case 'openTask': {
        // Only an ancestor of this panel's task: a webview cannot open (or probe for) arbitrary tasks.
        const store = this.owner.studio.store;
        const isAncestor = lineageOf(this.taskId, (id) => store.get(id)).some(
          (r) => r.task.id === msg.ancestorId,
        );
        if (msg.taskId === this.taskId && isAncestor) await actions.open(msg.ancestorId);
        return;
      }
      case 'usePrompt':
        if (msg.taskId === this.taskId) await actions.usePrompt(msg.taskId, msg.index, msg.how);
        return;
      case 'insertImage':
        if (msg.taskId === this.taskId) await actions.insertImage(msg.taskId);
        return;
      case 'saveImageAs':
        if (msg.taskId === this.taskId) await actions.saveImageAs(msg.taskId);
        return;
      case 'extendVideo':
        if (msg.taskId === this.taskId) await actions.extendVideo(msg.taskId, msg.index, msg.motion);
        return;
      case 'saveVideo':
        if (msg.taskId === this.taskId) await actions.saveVideo(msg.taskId, msg.index);
        return;
      case 'submitMask':
        if (msg.taskId !== this.taskId) return;
        try {
          await actions.submitMask(msg.taskId, msg.prompt, msg.maskDataUrl);
        } finally {
          this.post({ type: 'busy', customId: MASK_SUBMIT_KEY, busy: false });
        }
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  postState(): void {
    const rec = this.owner.studio.store.get(this.taskId);
    this.updateTitle(rec);
    if (!this.ready || !rec) return;
    this.post({
      type: 'state',
      task: toViewTask(
        rec,
        this.owner.studio.store,
        this.panel.webview,
        (r) => this.owner.localUri(r),
        // The separate pictures sit beside the grid's copy, in the image cache's folder.
        (r, n) => (r.localPictures?.[n - 1] ? vscode.Uri.file(r.localPictures[n - 1]!) : undefined),
      ),
    });
  }

  post(msg: HostMessage): void {
    void this.panel.webview.postMessage(msg);
  }

  private updateTitle(rec = this.owner.studio.store.get(this.taskId)): void {
    const label = rec
      ? promptLabel(rec.task.prompt || (!rec.parentId && rec.origin.label) || rec.task.id, 30)
      : this.taskId;
    const prefix = rec?.origin.label && rec.parentId ? `${rec.origin.label} · ` : '';
    this.panel.title = `${prefix}${label}`;
  }

  dispose(): void {
    this.owner.forget(this);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}

/** All open result panels, and the serializer that restores them after a reload. */
export class TaskPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
  private readonly panels = new Set<TaskPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  actions!: PanelActions;

  constructor(
    readonly studio: Studio,
    readonly localUri: (rec: TaskRecord) => vscode.Uri | undefined,
    private readonly imagesDir: vscode.Uri,
  ) {
    const sub = studio.store.onDidChange((e) => {
      for (const p of this.panels) if (e.ids.includes(p.taskId)) p.postState();
    });
    this.disposables.push(
      new vscode.Disposable(() => sub.dispose()),
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this),
    );
  }

  /** Sends these tasks' panels their state again (something outside the store changed, e.g. a stall). */
  repost(ids: readonly string[]): void {
    for (const p of this.panels) if (ids.includes(p.taskId)) p.postState();
  }

  /** Opens (or reveals) the panel of a task. */
  open(taskId: string, opts: { preserveFocus?: boolean } = {}): void {
    for (const p of this.panels) {
      if (p.taskId === taskId) {
        p.panel.reveal(undefined, opts.preserveFocus);
        return;
      }
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Midjourney',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: opts.preserveFocus },
      this.webviewOptions(),
    );
    this.panels.add(new TaskPanel(panel, taskId, this));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const restored = parsePanelState(state);
    if (!restored || !this.studio.store.get(restored.taskId)) {
      panel.dispose();
      return;
    }
    this.panels.add(new TaskPanel(panel, restored.taskId, this));
  }

  /** Ids of the tasks with an open panel (for tests and the status bar). */
  openTaskIds(): string[] {
    return [...this.panels].map((p) => p.taskId);
  }

  /** Closes the panels of tasks that were deleted. */
  closeMissing(): void {
    for (const p of [...this.panels]) if (!this.studio.store.get(p.taskId)) p.panel.dispose();
  }

  webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    const ext = this.studio.context.extensionUri;
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [
        vscode.Uri.joinPath(ext, 'dist'),
        vscode.Uri.joinPath(ext, 'media'),
        this.imagesDir,
      ],
    };
  }

  /**
   * The panel's HTML (panelHtml.ts): a strict CSP with a fresh nonce, the UI language, and the l10n bundle
   * the webview reads before its first paint, so it never flashes English in a Chinese VS Code. The whole
   * bundle goes in: it is small (tens of KB, parsed once per panel), and a list of "webview keys" would be a
   * second source of truth that could silently leave a text English.
   */
  html(webview: vscode.Webview): string {
    const ext = this.studio.context.extensionUri;
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(ext, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(ext, 'media', 'panel.css')).toString(),
      codiconUri: webview
        .asWebviewUri(vscode.Uri.joinPath(ext, 'dist', 'codicons', 'codicon.css'))
        .toString(),
      language: vscode.env.language,
      title: vscode.l10n.t('Midjourney task'),
      serverUrls: this.studio.settings.profiles.map((p) => p.baseUrl),
      bundle: l10nBundle(),
    });
  }

  forget(p: TaskPanel): void {
    this.panels.delete(p);
  }

  dispose(): void {
    for (const p of [...this.panels]) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
