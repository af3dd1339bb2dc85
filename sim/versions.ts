// Which Midjourney model a task was made with, and what that changes in what the server serves
// (API.md "Midjourney in late 2026"): V8 grids get no Upscale/Zoom/Pan buttons, trueai serves their four
// pictures separately in `imageUrls`, V7 upscales use the v7 customIds.

/** The versions `--sim-version` / `/__sim/config {simVersion}` accept as the default of a prompt without `--v`. */
export const SIM_VERSIONS = ['5.2', '6', '6.1', '7', '8', '8.1'] as const;

/** The simulator's default model when neither the prompt nor the options name one (the 2024 behaviour). */
export const DEFAULT_SIM_VERSION = '6';

/** The model of a prompt: its own `--v`/`--version` (or `--niji N` → "niji N"), else `fallback`. */
export function versionOf(prompt: string, fallback: string): string {
  const niji = /(?:^|\s)--niji(?:\s+(\d+(?:\.\d+)?))?(?=\s|$)/.exec(prompt);
  if (niji) return `niji ${niji[1] ?? '6'}`;
  const v = /(?:^|\s)--(?:v|version)\s+(\d+(?:\.\d+)?)(?=\s|$)/.exec(prompt);
  return v?.[1] ?? fallback;
}

/** The major number of a Midjourney version ("8.1" → 8); niji and unknown forms → 0. */
export function majorOf(version: string): number {
  const m = /^(\d+)/.exec(version);
  return m ? Number(m[1]) : 0;
}

/** V8 and later: no Upscale, Zoom or Pan; Vary (V1-V4 with `strong`) and Edit are the next steps. */
export function isV8(version: string): boolean {
  return majorOf(version) >= 8;
}

/** The customId tag of a version's upscale buttons (`upsample_v6_2x_subtle`, `upsample_v7_2x_…`). */
export function upscaleTag(version: string): string {
  const major = majorOf(version);
  if (major >= 7) return 'v7';
  if (version === '6.1') return 'v6r1';
  return 'v6';
}
