/**
 * The prompt language's bundle (dist/promptLanguage.js, see esbuild.js), loaded when the first `midjourney`
 * document (or Markdown with a ```midjourney block) opens, or on the first prompt-file command: diagnostics,
 * completion, hover, quick fixes, CodeLenses and the commands that run prompts. Everything with identity
 * comes in through `deps` (see deps.ts).
 */
import * as vscode from 'vscode';
import type { PromptHostDeps } from './deps';
import { PROMPT_SELECTOR, PromptDocuments, promptKind } from './documents';
import { PromptLenses } from './lenses';
import { diagnosticsOf, PromptCompletions, PromptFixes, PromptHovers } from './providers';
import { PromptRunner } from './run';

export interface PromptLanguage extends vscode.Disposable {
  runner: PromptRunner;
}

export function startPromptLanguage(deps: PromptHostDeps): PromptLanguage {
  const docs = new PromptDocuments();
  const diagnostics = vscode.languages.createDiagnosticCollection('midjourney');
  const lenses = new PromptLenses(docs, deps);
  const runner = new PromptRunner(docs, deps, () => lenses.refresh());
  const validate = (doc: vscode.TextDocument): void => {
    const check = promptKind(doc) ? docs.get(doc) : undefined;
    if (check?.issues.length) diagnostics.set(doc.uri, diagnosticsOf(check.issues));
    else diagnostics.delete(doc.uri);
  };
  const disposables: vscode.Disposable[] = [
    diagnostics,
    lenses,
    vscode.workspace.onDidOpenTextDocument(validate),
    vscode.workspace.onDidChangeTextDocument((e) => validate(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      diagnostics.delete(doc.uri);
      docs.forget(doc);
    }),
    vscode.languages.registerCompletionItemProvider(
      PROMPT_SELECTOR,
      new PromptCompletions(docs, deps.styleRefs && (() => deps.styleRefs?.() ?? [])),
      '-',
      ' ',
    ),
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, new PromptHovers(docs)),
    vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, new PromptFixes(docs), {
      providedCodeActionKinds: PromptFixes.kinds,
    }),
    vscode.languages.registerCodeLensProvider(PROMPT_SELECTOR, lenses),
  ];
  for (const doc of vscode.workspace.textDocuments) validate(doc);
  deps.log('prompt language loaded');
  return {
    runner,
    dispose: () => {
      for (const d of disposables) d.dispose();
    },
  };
}
