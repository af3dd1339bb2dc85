import * as vscode from 'vscode';
import { checkPromptFile, PromptMemo, type FileCheck } from '../../core/prompts/promptCheck';
import type { DocPosition, FilePrompt, PromptFileKind } from '../../core/prompts/promptFile';
import { offsetOf, promptAtLine } from '../../core/prompts/promptFile';

/** The documents the language works on: `.mjprompt` files and the ```midjourney blocks of Markdown. */
export const PROMPT_SELECTOR: vscode.DocumentSelector = [
  { language: 'midjourney' },
  { language: 'markdown' },
];

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*midjourney\b/im;

/** How to read a document, or undefined when it holds no prompts. */
export function promptKind(doc: vscode.TextDocument): PromptFileKind | undefined {
  if (doc.languageId === 'midjourney') return 'mjprompt';
  if (doc.languageId === 'markdown') return 'markdown';
  return undefined;
}

/** Whether a Markdown text has a ```midjourney block (cheap: the loader asks it of every Markdown file). */
export function hasMidjourneyFence(text: string): boolean {
  return FENCE.test(text);
}

/** One parse + validation per document version, shared by diagnostics, lenses, completion and fixes. */
export class PromptDocuments {
  private readonly cache = new Map<string, { version: number; check: FileCheck; memo: PromptMemo }>();

  get(doc: vscode.TextDocument): FileCheck | undefined {
    const kind = promptKind(doc);
    if (!kind) return undefined;
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.check;
    const memo = hit?.memo ?? new PromptMemo();
    const check = checkPromptFile(doc.getText(), kind, memo);
    this.cache.set(key, { version: doc.version, check, memo });
    return check;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }

  /** The prompt at a position and the offset of the position in its text. */
  at(doc: vscode.TextDocument, pos: vscode.Position): { prompt: FilePrompt; offset: number } | undefined {
    const check = this.get(doc);
    if (!check) return undefined;
    const prompt = promptAtLine(check.prompts, pos.line);
    if (!prompt) return undefined;
    const offset = offsetOf(prompt, { line: pos.line, character: pos.character });
    return offset === undefined ? undefined : { prompt, offset };
  }
}

export function toPosition(p: DocPosition): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(start: DocPosition, end: DocPosition): vscode.Range {
  return new vscode.Range(toPosition(start), toPosition(end));
}
