/**
 * Prompt text helpers: joining selections, appending the user's suffix, and reading `--param value`
 * pairs. Pure functions; the composer and validation of issue 5 grow here.
 */
import { t } from '../../shared/l10n';
import { validatePromptParams } from './paramTable';

/** Joins several editor selections into one prompt: trimmed, empty ones dropped, whitespace folded. */
export function joinSelections(texts: readonly string[]): string {
  return texts
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0)
    .join(' ');
}

/**
 * Appends `suffix` (the `midjourney.promptSuffix` setting) unless every parameter it sets is already in the
 * prompt, so "Reuse Prompt" of a suffixed prompt does not add it twice.
 */
export function applySuffix(prompt: string, suffix: string): string {
  const p = prompt.trim();
  const s = suffix.trim();
  if (!s) return p;
  if (p.endsWith(s)) return p;
  const have = new Set(Object.keys(parseParams(p)));
  const want = Object.keys(parseParams(s));
  if (want.length > 0 && want.every((k) => have.has(k))) return p;
  return `${p} ${s}`;
}

/** The `--name value` parameters of a prompt (a flag without value maps to ''). Names are lower-cased. */
export function parseParams(prompt: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|\s)--([a-zA-Z][\w-]*)((?:\s+(?!--)[^\s]+)*)/g;
  for (let m = re.exec(prompt); m; m = re.exec(prompt)) {
    out[m[1].toLowerCase()] = m[2].trim();
  }
  return out;
}

/** A short one-line label for a prompt (tree rows, panel titles): parameters dropped, cut at `max`. */
export function promptLabel(prompt: string, max = 60): string {
  const text =
    prompt
      .replace(/\s--\S.*$/, '')
      .replace(/\s+/g, ' ')
      .trim() || prompt.trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The most important thing to say about a prompt before it is submitted, from the one parameter table. */
export interface PromptNote {
  /** error: it cannot go (empty, too long, an impossible value); warning/info: it goes, as typed. */
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/**
 * What the prompt boxes show while the user types: an error (the box refuses it) for an empty or too long prompt
 * or a value the server certainly refuses; else the first warning, else the first info (an unknown parameter or
 * version: submitted unchanged).
 */
export function promptNote(prompt: string): PromptNote | undefined {
  const invalid = validatePrompt(prompt);
  if (invalid) return { severity: 'error', message: invalid };
  const issues = validatePromptParams(prompt);
  for (const severity of ['error', 'warning', 'info'] as const) {
    const hit = issues.filter((i) => i.severity === severity);
    if (hit.length) {
      const more = hit.length > 1 ? ` ${t('(and {0} more)', hit.length - 1)}` : '';
      return { severity, message: hit[0].message + more };
    }
  }
  return undefined;
}

/** Why a prompt cannot be submitted, or undefined when it can. */
export function validatePrompt(prompt: string): string | undefined {
  if (!prompt.trim()) return t('Type a prompt: it cannot be empty.');
  if (prompt.length > 6000) return t('The prompt is too long (more than 6,000 characters).');
  return undefined;
}
