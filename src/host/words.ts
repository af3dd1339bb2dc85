import * as vscode from 'vscode';
import { validatePrompt } from '../core/prompt';
import { relativeTime as coreRelativeTime } from '../core/words';

/*
 * The core's words (src/core/words.ts, validatePrompt) are English and cannot call vscode; the host shows
 * them through these, in the UI language. Each text is a literal here so the nls test sees every key.
 */

/** `statusWords` from the core, translated: Done, Running, Failed, Queued… as the tree and panel show them. */
export function statusWords(status: string): string {
  switch (status) {
    case 'NOT_START':
      return vscode.l10n.t('Queued');
    case 'SUBMITTED':
      return vscode.l10n.t('Submitted');
    case 'IN_PROGRESS':
      return vscode.l10n.t('Running');
    case 'SUCCESS':
      return vscode.l10n.t('Done');
    case 'FAILURE':
      return vscode.l10n.t('Failed');
    case 'CANCEL':
      return vscode.l10n.t('Cancelled');
    case 'MODAL':
      return vscode.l10n.t('Waiting for input');
    case '':
      return vscode.l10n.t('Waiting for the server');
    default:
      return vscode.l10n.t('Unknown status "{0}"', status);
  }
}

/** `relativeTime` from the core ("just now", "3 min ago"…), translated. */
export function relativeTime(epochMs: number, now = Date.now()): string {
  const english = coreRelativeTime(epochMs, now);
  const m = /^(\d+) (min|h|d) ago$/.exec(english);
  if (!m) return vscode.l10n.t('just now');
  const n = m[1]!;
  return m[2] === 'min'
    ? vscode.l10n.t('{0} min ago', n)
    : m[2] === 'h'
      ? vscode.l10n.t('{0} h ago', n)
      : vscode.l10n.t('{0} d ago', n);
}

/** The core's `validatePrompt`, with its two sentences translated. */
export function promptProblem(prompt: string): string | undefined {
  const problem = validatePrompt(prompt);
  if (!problem) return undefined;
  return prompt.trim()
    ? vscode.l10n.t('The prompt is too long (more than 6,000 characters).')
    : vscode.l10n.t('Type a prompt: it cannot be empty.');
}
