/**
 * The prompt language on every keystroke: a full re-validation (parse every prompt of the file, validate each
 * with the one parameter table, place the issues in the document) of a 1,000-line `.mjprompt` file, the work
 * the editor redoes after each change. Pure core code, so it runs in plain Node without code-server:
 * `node out/bench/promptLanguage.js` alone, or as the `prompt language` part of `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import { jobCount } from '../src/core/prompts/paramTable';
import { checkPromptFile, PromptMemo } from '../src/core/prompts/promptCheck';
import { goalRow, infoRow, printPart } from './report';
import type { Row } from './report';

/** A realistic 1,000-line file: prompts with parameters, comments, blank lines, continuations, permutations. */
export function sampleFile(lines = 1000): string {
  const shapes = [
    (i: number) => `a lighthouse on a cliff at dawn ${i}, oil painting --ar 16:9 --v 7 --s 250`,
    (i: number) => `# idea ${i}: try a warmer palette`,
    (i: number) => `a {red, blue, green} bird on a branch ${i} --ar {1:1, 16:9} --niji 6`,
    () => '',
    (i: number) => `space::2 ship::1 nebula ${i} --v 6.1 --cref https://img.test/${i}.png --cw 50 \\`,
    () => '  --chaos 20 --q 1 --stylize 100',
    (i: number) => `portrait ${i} --oref https://img.test/o${i}.png --ow 200 --v 7 --ar 1:0`,
    (i: number) => `city at night ${i} --r 4 --raw --weird 300 --no cars, people --tile`,
  ];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(shapes[i % shapes.length](i));
  return out.join('\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Median and p95 of `rounds` timed runs of `f(i)` after 20 warm-up runs. */
function measure(rounds: number, f: (i: number) => void): { p50: number; p95: number } {
  for (let i = 0; i < 20; i++) f(i);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    f(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

export function runPromptLanguageBench(opts: { rounds?: number } = {}): { rows: Row[]; notes: string[] } {
  const rounds = opts.rounds ?? 200;
  const text = sampleFile(1000);
  const lines = text.split('\n');
  const first = checkPromptFile(text, 'mjprompt');
  // After a keystroke: the whole file is parsed again and its issues placed again; the prompt that changed
  // is validated, the others come from the document's memo (what the editor does on every change).
  const memo = new PromptMemo();
  checkPromptFile(text, 'mjprompt', memo);
  const edited = (i: number): string => {
    const copy = [...lines];
    const n = 500 + (i % 8);
    copy[n] = `${copy[n]}${i % 2 ? ' x' : ''}${String(i)}`;
    return copy.join('\n');
  };
  const texts = Array.from({ length: rounds + 20 }, (_, i) => edited(i));
  const keystroke = measure(rounds, (i) => checkPromptFile(texts[i % texts.length], 'mjprompt', memo));
  // Cold: every prompt validated (a file just opened).
  const cold = measure(rounds, () => checkPromptFile(text, 'mjprompt'));
  // The lens pass asks each prompt's job count (▶ Imagine ×N) the first time it sees the text.
  const jobs = measure(50, () => {
    for (const p of first.prompts) jobCount(p.text);
  });
  return {
    rows: [
      goalRow(
        'prompt language',
        're-validate a 1,000-line file after a keystroke, median',
        keystroke.p50,
        5,
        'ms',
      ),
      infoRow('prompt language', 're-validate after a keystroke, p95', keystroke.p95, 'ms'),
      infoRow('prompt language', 'full re-validation, every prompt validated (cold), median', cold.p50, 'ms'),
      infoRow('prompt language', 'full re-validation (cold), p95', cold.p95, 'ms'),
      infoRow('prompt language', 'job counts of all its prompts (first lens pass), median', jobs.p50, 'ms'),
    ],
    notes: [
      `${first.prompts.length} prompts, ${first.issues.length} issues per pass; ${rounds} passes after 20 warm-up passes`,
    ],
  };
}

if (require.main === module) {
  const r = runPromptLanguageBench();
  printPart('prompt language', r.rows, r.notes);
}
