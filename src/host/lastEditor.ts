import * as vscode from 'vscode';

/**
 * Remembers the last text editor that had focus: a click in the panel takes focus away from it, and
 * "Insert" should still land where the user was typing. One instance lives in the activation bundle and reaches
 * the commands through their context, so the lazily loaded commands see what happened before they loaded.
 */
export class LastEditor implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly sub = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e) this.last = e;
  });

  /** The last focused editor that is still open, else any visible one. */
  get(): vscode.TextEditor | undefined {
    if (this.last && !this.last.document.isClosed) return this.last;
    return vscode.window.visibleTextEditors.find((e) => !e.document.isClosed);
  }

  dispose(): void {
    this.sub.dispose();
  }
}
