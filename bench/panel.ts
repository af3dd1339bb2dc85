import type { Frame, Page } from 'playwright-core';
import { startStudio, submits } from '../test/ui/harness';
import type { Studio } from '../test/ui/harness';
import { vscodeVersion } from '../test/vscode/tools';
import { quickInput, runCommand, waitFor, waitForNotification, webviewFrame } from '../test/vscode/workbench';
import { goalRow, infoRow, median, percentile } from './report';
import type { Row } from './report';

export interface PanelOptions {
  runs?: number;
}

export interface PanelResult {
  totalMs: number[];
  detectMs: number[];
  afterDetectMs: number[];
  chromiumVersion: string;
  rows: Row[];
  notes: string[];
}

/** The simulator's previews are 128 px; a decoded image wider than this is the final grid (512 px). */
const PREVIEW_WIDTH = 128;

/** True when the visible panel shows a decoded final image (not the running preview). */
async function finalImageShown(page: Page, cached: { frame?: Frame }): Promise<boolean> {
  if (!cached.frame || cached.frame.isDetached()) {
    cached.frame = await webviewFrame(page, { selector: 'img', timeout: 100 }).catch(() => undefined);
    if (!cached.frame) return false;
  }
  return cached.frame
    .evaluate(
      (minWidth) =>
        [...document.querySelectorAll('img')].some(
          (i) => i.complete && i.naturalWidth > minWidth && i.getBoundingClientRect().width > 0,
        ),
      PREVIEW_WIDTH,
    )
    .catch(() => {
      cached.frame = undefined;
      return false;
    });
}

/** Id of the simulator task made from `prompt` (the submit answer is not recorded, the task list is). */
async function taskIdOf(studio: Studio, prompt: string): Promise<string | undefined> {
  const res = await fetch(`${studio.sim.url}/__sim/tasks`);
  const tasks = (await res.json()) as { id: string; prompt: string }[];
  return tasks.find((t) => t.prompt === prompt)?.id;
}

/** Arrival time of the first poll (list-by-condition or fetch) about `id` at or after `since`. */
function firstPollAfter(studio: Studio, id: string, since: number): number | undefined {
  return studio.sim.requests.find(
    (r) =>
      r.time >= since &&
      ((r.path.endsWith('/task/list-by-condition') && JSON.stringify(r.body).includes(id)) ||
        r.path.endsWith(`/task/${id}/fetch`)),
  )?.time;
}

/**
 * Task SUCCESS on the simulator → the final image decoded and visible in the panel, in the real VS Code.
 * Start: the simulator's `finishedAt(id)` (same process, same clock). End: the first moment a tight loop over
 * the webview sees an `<img>` with `complete && naturalWidth > 128` (the 128 px previews excluded). The
 * simulator's request log splits it: detection (SUCCESS → the first poll that asked about the task after it)
 * and the rest (that answer → store → panel message → image decoded).
 */
export async function runPanelBench(opts: PanelOptions = {}): Promise<PanelResult> {
  const runs = opts.runs ?? 10;
  const studio = await startStudio();
  const page = studio.workbench.page;
  try {
    await runCommand(page, 'Midjourney: Set API Key');
    await quickInput(page, studio.sim.key);
    await waitForNotification(page, /API key saved/i);
    const totalMs: number[] = [];
    const detectMs: number[] = [];
    const afterDetectMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const prompt = `bench panel run ${i + 1} ${Date.now()}`;
      const before = submits(studio.sim, 'imagine').length;
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Midjourney: Imagine…');
      await quickInput(page, prompt);
      await waitFor('the imagine submit', async () =>
        submits(studio.sim, 'imagine').length > before ? true : undefined,
      );
      const id = await waitFor('the simulator task', () => taskIdOf(studio, prompt), 10_000, 50);
      const cached: { frame?: Frame } = {};
      let end = 0;
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (await finalImageShown(page, cached)) {
          end = Date.now();
          if (studio.sim.finishedAt(id) !== undefined) break;
        }
        if (Date.now() > deadline) throw new Error(`run ${i + 1}: no final image in the panel within 60 s`);
      }
      const finished = studio.sim.finishedAt(id)!;
      totalMs.push(end - finished);
      const polled = firstPollAfter(studio, id, finished);
      if (polled !== undefined) {
        detectMs.push(polled - finished);
        afterDetectMs.push(end - polled);
      }
    }
    const total95 = percentile(totalMs, 95);
    return {
      totalMs,
      detectMs,
      afterDetectMs,
      chromiumVersion: studio.workbench.chromiumVersion,
      rows: [
        goalRow('panel', `SUCCESS → image visible, p95 of ${runs}`, total95, 1000, 'ms'),
        infoRow('panel', 'SUCCESS → image visible, median', median(totalMs), 'ms'),
        infoRow('panel', 'of which detection (SUCCESS → first poll), p95', percentile(detectMs, 95), 'ms'),
        infoRow('panel', 'of which poll answer → image visible, p95', percentile(afterDetectMs, 95), 'ms'),
        infoRow('panel', 'poll answer → image visible, median', median(afterDetectMs), 'ms'),
      ],
      notes: [
        `samples total (ms): ${totalMs.join(', ')}`,
        `samples poll → visible (ms): ${afterDetectMs.join(', ')}`,
        `VS Code ${vscodeVersion()} (code-server), Chromium ${studio.workbench.chromiumVersion}, simulator speed "fast" (1.5 s a task)`,
      ],
    };
  } finally {
    await studio.stop();
  }
}
