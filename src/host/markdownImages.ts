import * as vscode from 'vscode';
import { markdownImage, relativeLink } from '../core/media/library';
import type { TaskRecord } from '../core/tasks/store';
import { libraryError, type ImageLibrary } from './library';
import type { Log } from './log';
import type { Studio } from './studio';
import { draggedTaskIds } from './tree/taskDrag';

/** Where Imagine from Selection came from, so the finished image can take the prompt's place. */
interface PendingReplace {
  uri: vscode.Uri;
  range: vscode.Range;
  text: string;
}

/**
 * Images into Markdown: `![prompt](relative/path)` at the cursor (Insert into Editor), on a drop of a task
 * from the tree, and in place of the selected prompt once an Imagine from Selection finishes. The image is
 * saved into the workspace first and linked relative to the document, as VS Code's own Markdown paste does.
 */
export class MarkdownImages implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined;
  private readonly pending = new Map<string, PendingReplace>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly studio: Studio,
    private readonly library: ImageLibrary,
    private readonly log: Log,
  ) {
    this.lastEditor = vscode.window.activeTextEditor;
    this.disposables.push(
      // The panel's button runs while the webview is the active editor: remember the text editor before it.
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && (e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled')) {
          this.lastEditor = e;
        }
      }),
      studio.onDidFinish((rec) => void this.onFinish(rec)),
      vscode.languages.registerDocumentDropEditProvider(
        { language: 'markdown' },
        { provideDocumentDropEdits: (doc, _pos, dt, token) => this.provideDrop(doc, dt, token) },
      ),
    );
  }

  /** Saves the task's image next to the document's project and returns its Markdown link for `doc`. */
  async linkFor(id: string, doc: vscode.TextDocument): Promise<string> {
    const saved = await this.library.saveToWorkspace(id, doc.isUntitled ? undefined : doc.uri);
    const rec = this.studio.store.get(id);
    return markdownImage(rec?.task.prompt || rec?.origin.label || 'image', this.pathFrom(doc, saved));
  }

  /** Inserts the task's image link at the cursor of the active (or last used) text editor. */
  async insert(id: string): Promise<vscode.Uri | undefined> {
    const editor = await this.targetEditor();
    if (!editor)
      throw libraryError(vscode.l10n.t('Open a Markdown file first: the image link goes in at its cursor.'));
    const link = await this.linkFor(id, editor.document);
    const ok = await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, link);
    });
    if (!ok) throw libraryError(vscode.l10n.t('The editor did not accept the image link; try again.'));
    return editor.document.uri;
  }

  /** Imagine from Selection with `midjourney.replaceSelectionWithImage`: remembers where the prompt was. */
  replaceOnFinish(id: string, uri: vscode.Uri, range: vscode.Range, text: string): void {
    this.pending.set(id, { uri, range, text });
  }

  private async targetEditor(): Promise<vscode.TextEditor | undefined> {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.lastEditor;
    if (!last || last.document.isClosed) return undefined;
    const selection = last.selection;
    const editor = await vscode.window.showTextDocument(last.document, {
      viewColumn: last.viewColumn,
      selection,
    });
    return editor;
  }

  /** A path from the document's folder to the saved file (from the workspace folder for an untitled one). */
  private pathFrom(doc: vscode.TextDocument, target: vscode.Uri): string {
    const base = doc.isUntitled
      ? vscode.workspace.getWorkspaceFolder(target)?.uri
      : vscode.Uri.joinPath(doc.uri, '..');
    if (!base || base.scheme !== target.scheme || base.authority !== target.authority) {
      return target.toString();
    }
    return relativeLink(base.path, target.path);
  }

  private async provideDrop(
    doc: vscode.TextDocument,
    dt: vscode.DataTransfer,
    token: vscode.CancellationToken,
  ): Promise<vscode.DocumentDropEdit | undefined> {
    const ids = (await draggedTaskIds(dt, this.studio.store)).filter((id) => {
      const rec = this.studio.store.get(id);
      return rec?.task.status === 'SUCCESS' && Boolean(rec.task.imageUrl);
    });
    if (ids.length === 0) return undefined;
    try {
      const links: string[] = [];
      for (const id of ids) {
        if (token.isCancellationRequested) return undefined;
        links.push(await this.linkFor(id, doc));
      }
      return new vscode.DocumentDropEdit(links.join('\n\n'));
    } catch (e) {
      this.log.warn(`drop: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not insert the image: {0}', e instanceof Error ? e.message : String(e)),
      );
      return undefined;
    }
  }

  private async onFinish(rec: TaskRecord): Promise<void> {
    const id = rec.task.id;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (rec.task.status !== 'SUCCESS') return;
    try {
      const doc = await vscode.workspace.openTextDocument(p.uri);
      if (doc.getText(p.range) !== p.text) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Midjourney: the image is ready, but the selected prompt has changed, so it was left as it is.',
          ),
        );
        return;
      }
      const link = await this.linkFor(id, doc);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(p.uri, p.range, link);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
    } catch (e) {
      this.log.warn(`could not replace the selection with the image of ${id}: ${String(e)}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Midjourney: could not put the image in place of the prompt: {0}',
          e instanceof Error ? e.message : String(e),
        ),
      );
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
