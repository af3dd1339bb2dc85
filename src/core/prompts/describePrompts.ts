/**
 * Reads the prompts out of a describe or shorten result. Servers send one text with numbered items:
 * "1️⃣ a fox…" (Discord's keycap emoji), sometimes "1. …", "1) …", ":one: …" or "**1.** …"; shorten
 * results start with an "Important tokens" block that is not a prompt.
 */

const WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * The start of a numbered item: a keycap emoji (digit, optional VS16, U+20E3), `:one:`, or a digit
 * followed by `.` or `)` — each optionally in Markdown bold.
 */
const ITEM_RE = new RegExp(
  String.raw`^\s*(?:\*\*)?\s*(?:([1-9])\uFE0F?\u20E3|:(${WORDS.join('|')}):|([1-9])[.)])\s*(?:\*\*)?\s*`,
);

/**
 * The numbered prompts of a describe/shorten result, in order, trimmed. A prompt that runs over
 * several lines is joined with spaces; text before the first item (headings, tokens) is dropped.
 * Returns [] when the text has no numbered items.
 */
export function parseDescribePrompts(text: string): string[] {
  const out: string[] = [];
  let current: string[] | undefined;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const m = ITEM_RE.exec(raw);
    if (m) {
      if (current) out.push(current.join(' '));
      current = [raw.slice(m[0].length).trim()];
      continue;
    }
    const line = raw.trim();
    if (!current) continue;
    // A blank line or a new Markdown heading ends an item; anything else continues it.
    if (!line || /^\*\*[^*]+\*\*$/.test(line) || /^#+\s/.test(line)) {
      out.push(current.join(' '));
      current = undefined;
      continue;
    }
    current.push(line);
  }
  if (current) out.push(current.join(' '));
  return out.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 0);
}

/**
 * The result text of a finished describe/shorten task, whichever field the dialect put it in: trueai
 * and relays in `description` and `properties.finalPrompt`, some relays only in `promptEn`.
 */
export function resultPrompts(task: {
  action: string;
  status: string;
  description: string;
  finalPrompt?: string;
  promptEn: string;
}): string[] {
  if (task.status !== 'SUCCESS' || !/^(DESCRIBE|SHORTEN)$/i.test(task.action)) return [];
  for (const text of [task.finalPrompt, task.description, task.promptEn]) {
    const prompts = text ? parseDescribePrompts(text) : [];
    if (prompts.length > 0) return prompts;
  }
  return [];
}
