/**
 * Midjourney's permutation prompts: `{red, blue} bird {1:1, 16:9}` is one job per combination (here four),
 * each billed. Braces nest (`{a {b, c}, d}`), `\,` is a comma that does not split, `\{` and `\}` are braces that
 * do not group; like Midjourney, at most 40 variants are made. Pure.
 */

export const PERMUTATION_CAP = 40;

export interface Expansion {
  /** The prompts to submit, in Midjourney's order (the first option of the first group varies slowest). */
  variants: string[];
  /** How many combinations the text names (may exceed the cap). */
  total: number;
  /** True when `total` is above the cap and only the first `cap` variants were made. */
  capped: boolean;
}

/** The first top-level `{…}` group: its brace positions and its options (split at unescaped top-level commas). */
function firstGroup(text: string): { open: number; close: number; options: string[] } | undefined {
  let depth = 0;
  let open = -1;
  let optionStart = 0;
  const options: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) {
        open = i;
        optionStart = i + 1;
      }
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        options.push(text.slice(optionStart, i).trim());
        return { open, close: i, options };
      }
    } else if (c === ',' && depth === 1) {
      options.push(text.slice(optionStart, i).trim());
      optionStart = i + 1;
    }
  }
  return undefined; // no group, or an unclosed `{` (kept as typed)
}

/** How many variants a text names, without making them. */
function countOf(text: string): number {
  const g = firstGroup(text);
  if (!g) return 1;
  const rest = countOf(text.slice(g.close + 1));
  let n = 0;
  for (const o of g.options) n += countOf(o);
  return n * rest;
}

function unescape(text: string): string {
  return text.replace(/\\([,{}\\])/g, '$1');
}

function tidy(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}

/** Every variant of a permutation prompt, at most `cap`; a text without braces is its own single variant. */
export function expandPermutations(text: string, cap = PERMUTATION_CAP): Expansion {
  const total = countOf(text);
  const out: string[] = [];
  const walk = (t: string): void => {
    if (out.length >= cap) return;
    const g = firstGroup(t);
    if (!g) {
      out.push(tidy(unescape(t)));
      return;
    }
    const head = t.slice(0, g.open);
    const tail = t.slice(g.close + 1);
    for (const o of g.options) {
      if (out.length >= cap) return;
      walk(head + o + tail);
    }
  };
  walk(text);
  return { variants: out, total, capped: total > cap };
}
