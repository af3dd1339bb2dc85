/**
 * What the prompt language's bundle (promptLanguage.chunk.ts) gets from the activation bundle. The chunk
 * has its own copy of every module it imports, so anything with identity (the store, error classes that
 * are checked with instanceof, the panel) is handed over here as functions instead of imported.
 */
import type * as vscode from 'vscode';
import type { TaskBatch, TaskRecord, PromptSource } from '../../core/tasks/record';

export interface PromptHostDeps {
  /** Every task record the store holds. */
  records(): readonly TaskRecord[];
  /** Fires after records were added, changed or removed. */
  onDidChangeRecords(listener: () => void): vscode.Disposable;
  /**
   * Submits one imagine of `prompt` (the suffix setting applied), remembering where it came from. Reports
   * its own errors; returns the task id, or undefined when nothing was submitted.
   */
  submit(
    prompt: string,
    extra: { source: PromptSource; batch?: TaskBatch },
    open: boolean,
  ): Promise<string | undefined>;
  /** Opens a task's panel and shows its row in the tree. */
  openTask(id: string): void;
  /** Saves the task's image into the workspace and returns its Markdown link relative to `doc`. */
  linkFor(id: string, doc: vscode.TextDocument): Promise<string>;
  /** Reports an error the way every command does (one sentence, Show Log). */
  showError(e: unknown, context: string): Promise<void>;
  log(line: string): void;
  /** The style-reference library (Use as Style Reference), newest first, each with its thumbnail if made. */
  styleRefs?(): readonly { url: string; label: string; thumbnail?: vscode.Uri }[];
}
