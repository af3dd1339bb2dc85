/**
 * How many jobs one submit of a prompt makes, as far as its text says: `--r N` / `--repeat N` (and the
 * `--bs N` / `--batch N` batch size some relays take) multiply it, and so does each `{a, b, c}`
 * permutation. A workspace's `midjourney.promptSuffix` is added to every prompt, so a suffix whose factor
 * is above 1 multiplies every price: the host asks once before using it.
 */
export function suffixCostFactor(text: string): number {
  let factor = 1;
  for (const m of text.matchAll(/(?:^|\s)--(r|repeat|bs|batch)(?:\s+|=)(\d+)/gi)) {
    factor *= Math.max(1, Number(m[2]));
  }
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    const options = (m[1] ?? '').split(',').filter((o) => o.trim() !== '').length;
    factor *= Math.max(1, options);
  }
  return Math.min(factor, 1_000_000);
}
