/**
 * What every part of the benchmark returns and how run.ts prints it: one row per figure, with its goal and a
 * verdict computed from numbers measured in this same run (never a timed assertion: the machines are shared).
 */

/** MET / NOT MET for a figure with a goal; `info` for a figure printed for context only. */
export type Verdict = 'MET' | 'NOT MET' | 'info';

export interface Row {
  /** The part of the bench: polling, activation, history, bundle, panel. */
  part: string;
  figure: string;
  /** Already formatted with its unit ("12.3 ms", "0.18×", "201.4 KB"). */
  value: string;
  /** "≤ 50 ms", or '' for an info row. */
  goal: string;
  verdict: Verdict;
}

/** A row with an upper-bound goal: MET when `value <= limit` (NaN, i.e. not measurable, is NOT MET). */
export function goalRow(part: string, figure: string, value: number, limit: number, unit: Unit): Row {
  return {
    part,
    figure,
    value: fmt(value, unit),
    goal: `≤ ${fmt(limit, unit)}`,
    verdict: Number.isFinite(value) && value <= limit ? 'MET' : 'NOT MET',
  };
}

/** A row printed for context (no goal). */
export function infoRow(part: string, figure: string, value: number | string, unit: Unit = ''): Row {
  return {
    part,
    figure,
    value: typeof value === 'number' ? fmt(value, unit) : value,
    goal: '',
    verdict: 'info',
  };
}

export type Unit = 'ms' | 's' | 'x' | 'KB' | 'B' | '';

/** Formats a number with its unit; KB is 1024 bytes (the value is given in bytes). */
export function fmt(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'x':
      return `${value.toFixed(2)}×`;
    case 'KB':
      return `${(value / 1024).toFixed(1)} KB`;
    case 'B':
      return `${Math.round(value)} B`;
    default:
      return String(Math.round(value * 100) / 100);
  }
}

/** The median (mean of the two middle values for an even count); NaN for no samples. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100): with 10 samples p95 is the largest, which is what a user would feel. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

/** Prints rows as an aligned plain-text table (also pasted into docs/PERFORMANCE.md as is). */
export function formatTable(rows: readonly Row[]): string {
  const header: [string, string, string, string, string] = ['part', 'figure', 'value', 'goal', 'verdict'];
  const cells = rows.map((r) => [r.part, r.figure, r.value, r.goal, r.verdict === 'info' ? '' : r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c
      .map((x, i) => x.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Prints one part's rows under its title, as the part finishes (so a slow part's output is not lost). */
export function printPart(title: string, rows: readonly Row[], notes: readonly string[] = []): void {
  console.log(`\n== ${title} ==`);
  console.log(formatTable(rows));
  for (const n of notes) console.log(`  ${n}`);
}
