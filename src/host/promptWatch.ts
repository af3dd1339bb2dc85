/**
 * Loads the prompt language (commands bundle → promptFiles.ts → dist/promptLanguage.js) when a `midjourney`
 * document is open or opens, or a Markdown document has (or gets) a ```midjourney block. Until then it costs a
 * language id check per opened document and a search of Markdown text.
 */
import * as vscode from 'vscode';
import { loadCommands } from './commands/lazy';
import type { CommandContext } from './commands/context';

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*midjourney\b/im;

function wantsLanguage(doc: vscode.TextDocument): boolean {
  if (doc.languageId === 'midjourney') return true;
  return doc.languageId === 'markdown' && FENCE.test(doc.getText());
}

export function watchPromptDocuments(ctx: CommandContext): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  const stop = (): void => {
    for (const d of disposables.splice(0)) d.dispose();
  };
  const load = (): void => {
    stop();
    try {
      loadCommands().promptLanguage(ctx);
    } catch (e) {
      ctx.log.warn(`prompt language: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  if (vscode.workspace.textDocuments.some(wantsLanguage)) {
    load();
    return new vscode.Disposable(stop);
  }
  disposables.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (wantsLanguage(doc)) load();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (
        e.document.languageId === 'markdown' &&
        e.contentChanges.some((c) => /midjourney/i.test(c.text)) &&
        wantsLanguage(e.document)
      ) {
        load();
      }
    }),
  );
  return new vscode.Disposable(stop);
}
