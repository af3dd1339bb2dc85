/**
 * The prompt language's file model: which parts of a `.mjprompt` file (or of the ```midjourney blocks of a
 * Markdown file) are prompts, and where each piece of a prompt sits in the document. Pure: the host's
 * completion, hover, diagnostics and CodeLens all work over what this returns.
 *
 * Rules: each non-empty line that does not start with `#` is one prompt; `#` starts a comment line; a line
 * ending in `\` continues on the next (the pieces are joined with one space). In Markdown only the lines
 * between a ```midjourney (or ~~~midjourney) fence and its closing fence count, with the same rules.
 */

/** A zero-based line/character position, as VS Code counts them (UTF-16 code units). */
export interface DocPosition {
  line: number;
  character: number;
}

/** One line's part of a prompt: text offsets [offset, offset + length) sit at `line`:`character`…. */
export interface PromptSegment {
  offset: number;
  line: number;
  character: number;
  length: number;
}

/** One prompt of a file. */
export interface FilePrompt {
  /** The prompt as it is submitted: the pieces of its lines, trimmed, joined with one space. */
  text: string;
  /** From the first character of the first piece to the end of the last one. */
  start: DocPosition;
  end: DocPosition;
  /** The line pieces, in order; text between two segments is the joining space. */
  segments: PromptSegment[];
  /** In Markdown: the line of the block's closing fence (the block's last line when it is not closed). */
  fenceEnd?: number;
}

export type PromptFileKind = 'mjprompt' | 'markdown';

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*midjourney\b[^`]*$/;

/** Splits a document's text into lines the way VS Code numbers them. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The prompts of a file, in document order. */
export function parsePromptFile(text: string, kind: PromptFileKind): FilePrompt[] {
  const lines = splitLines(text);
  if (kind === 'mjprompt') return parseLines(lines, 0, lines.length);
  const out: FilePrompt[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) {
      // Any other fenced block is skipped whole, so a ```midjourney inside a ```markdown sample is text.
      const other = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]);
      if (other) i = closingFence(lines, i + 1, other[1]);
      continue;
    }
    const close = closingFence(lines, i + 1, open[1]);
    const prompts = parseLines(lines, i + 1, Math.min(close, lines.length));
    const fenceEnd = Math.min(close, lines.length - 1);
    for (const p of prompts) out.push({ ...p, fenceEnd });
    i = close;
  }
  return out;
}

/** The line of the fence that closes one opened with `fence` (lines.length when none does). */
function closingFence(lines: string[], from: number, fence: string): number {
  const ch = fence[0] === '`' ? '`' : '~';
  const re = new RegExp(`^ {0,3}\\${ch}{${fence.length},}[ \\t]*$`);
  for (let j = from; j < lines.length; j++) if (re.test(lines[j])) return j;
  return lines.length;
}

function parseLines(lines: string[], from: number, to: number): FilePrompt[] {
  const out: FilePrompt[] = [];
  let current: { parts: string[]; segments: PromptSegment[]; length: number } | undefined;
  const finish = (): void => {
    if (!current) return;
    const segs = current.segments;
    if (segs.length) {
      const last = segs[segs.length - 1];
      out.push({
        text: current.parts.join(' '),
        start: { line: segs[0].line, character: segs[0].character },
        end: { line: last.line, character: last.character + last.length },
        segments: segs,
      });
    }
    current = undefined;
  };
  for (let n = from; n < to; n++) {
    const line = lines[n];
    const first = firstNonSpace(line);
    const continuing = current !== undefined;
    if (first === line.length || (!continuing && line[first] === '#')) {
      // An empty line ends a continued prompt; a comment line is skipped.
      finish();
      continue;
    }
    let end = lastNonSpace(line) + 1;
    const continues = line[end - 1] === '\\' && line[end - 2] !== '\\';
    if (continues) end = lastNonSpace(line.slice(0, end - 1)) + 1;
    if (!current) current = { parts: [], segments: [], length: 0 };
    if (end > first) {
      const piece = line.slice(first, end);
      const offset = current.length === 0 && current.parts.length === 0 ? 0 : current.length + 1;
      current.segments.push({ offset, line: n, character: first, length: piece.length });
      current.parts.push(piece);
      current.length = offset + piece.length;
    }
    if (!continues) finish();
  }
  finish();
  return out;
}

function firstNonSpace(s: string): number {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

function lastNonSpace(s: string): number {
  let i = s.length - 1;
  while (i >= 0 && (s[i] === ' ' || s[i] === '\t')) i--;
  return i;
}

/** Where offset `offset` of the prompt's text is in the document (a joining space maps to its line's end). */
export function positionOf(prompt: FilePrompt, offset: number): DocPosition {
  const segs = prompt.segments;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (offset <= s.offset + s.length || i === segs.length - 1) {
      const within = Math.max(0, Math.min(offset - s.offset, s.length));
      return { line: s.line, character: s.character + within };
    }
  }
  return prompt.end;
}

/** The prompt's text offset of a document position, or undefined when the position is not on the prompt. */
export function offsetOf(prompt: FilePrompt, pos: DocPosition): number | undefined {
  for (const s of prompt.segments) {
    if (s.line !== pos.line) continue;
    if (pos.character < s.character || pos.character > s.character + s.length) return undefined;
    return s.offset + pos.character - s.character;
  }
  return undefined;
}

/** The prompt that covers line `line` (a prompt's continuation lines count), if any. */
export function promptAtLine(prompts: readonly FilePrompt[], line: number): FilePrompt | undefined {
  // Binary search: prompts are in document order and do not overlap.
  let lo = 0;
  let hi = prompts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = prompts[mid];
    if (line < p.start.line) hi = mid - 1;
    else if (line > p.end.line) lo = mid + 1;
    else return p;
  }
  return undefined;
}

/** What New Prompt File opens: a file that teaches the syntax by example. */
export const STARTER = [
  '# A Midjourney prompt file. Each line that is not empty and does not start with # is one prompt.',
  '# Click ▶ Imagine above a prompt, or put the cursor on it and press Ctrl+Enter (Cmd+Enter on a Mac).',
  '# Parameters start with --: --ar 16:9 (aspect ratio), --v 7 (model version), --s 250 (stylize).',
  '# Type -- to see the parameters your version takes; hover one to see what it does.',
  'a lighthouse on a cliff at dawn, oil painting --ar 16:9 --v 7',
  '',
  '# {a, b} runs one job per choice, every combination: this line starts 4 jobs (you are asked first).',
  'a {red, blue} bird on a branch --ar {1:1, 16:9}',
  '',
  '# :: gives the parts of a prompt weights. A line ending in \\ continues on the next one.',
  'space::2 ship::1, watercolor \\',
  '  --v 6.1 --s 100',
  '',
].join('\n');
