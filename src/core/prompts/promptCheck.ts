/**
 * The prompt language's checks over a whole file: every prompt of it run through the same validation the
 * submit uses (paramTable.validatePromptParams), its issues placed in the document. What the editor shows as
 * squiggles and the Problems view; pure, so it runs on every keystroke and in the bench.
 */
import { validatePromptParams, type PromptIssue } from './paramTable';
import {
  parsePromptFile,
  positionOf,
  type DocPosition,
  type FilePrompt,
  type PromptFileKind,
} from './promptFile';

/** One issue of a file: the prompt's issue with its offsets turned into document positions. */
export interface FileIssue {
  severity: PromptIssue['severity'];
  message: string;
  start: DocPosition;
  end: DocPosition;
  param?: string;
  /** A certain fix: replace start..end with `replacement`. */
  fix?: { title: string; start: DocPosition; end: DocPosition; replacement: string };
  /** Index of the prompt in FileCheck.prompts. */
  prompt: number;
}

export interface FileCheck {
  prompts: FilePrompt[];
  issues: FileIssue[];
}

/**
 * The validation of each prompt text seen in the last pass over one document. A keystroke changes one prompt,
 * so the next pass validates that one and reads the rest from here; texts gone from the document are dropped
 * at the end of each pass, so the memo never outgrows the document.
 */
export class PromptMemo {
  private current = new Map<string, PromptIssue[]>();
  private next = new Map<string, PromptIssue[]>();

  issues(text: string): PromptIssue[] {
    let found = this.next.get(text) ?? this.current.get(text);
    if (!found) found = validatePromptParams(text);
    this.next.set(text, found);
    return found;
  }

  /** Ends a pass: what it did not ask for is forgotten. */
  endPass(): void {
    this.current = this.next;
    this.next = new Map();
  }
}

/**
 * Parses and validates a whole file. With a memo (one per document), prompts whose text did not change since
 * the last pass are not validated again.
 */
export function checkPromptFile(text: string, kind: PromptFileKind, memo?: PromptMemo): FileCheck {
  const prompts = parsePromptFile(text, kind);
  const issues: FileIssue[] = [];
  prompts.forEach((p, i) => {
    const found = memo ? memo.issues(p.text) : validatePromptParams(p.text);
    for (const issue of found) issues.push(placeIssue(p, i, issue));
  });
  memo?.endPass();
  return { prompts, issues };
}

/** A prompt's issue in document positions (an empty range is widened to one character where it can be). */
export function placeIssue(p: FilePrompt, index: number, issue: PromptIssue): FileIssue {
  const endOffset = issue.end > issue.start ? issue.end : Math.min(issue.start + 1, p.text.length);
  const out: FileIssue = {
    severity: issue.severity,
    message: issue.message,
    start: positionOf(p, issue.start),
    end: positionOf(p, endOffset),
    prompt: index,
  };
  if (issue.param !== undefined) out.param = issue.param;
  if (issue.fix) {
    out.fix = {
      title: issue.fix.title,
      start: positionOf(p, issue.fix.start),
      end: positionOf(p, issue.fix.end),
      replacement: issue.fix.replacement,
    };
  }
  return out;
}
