/**
 * The fault-matrix row that needs the whole workbench: a window reload while a task runs (the other rows are
 * in test/unit/faultMatrix.test.ts and test/integration/faults.itest.ts). Asserted against the tree the user
 * sees and the simulator's request log.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  openView,
  quickInput,
  runCommand,
  treeRows,
  waitFor,
  waitForActivityIcon,
  waitForNotification,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { submits, useStudio } from './harness';

const spinning = (row: TreeRow): boolean => row.icons.includes('codicon-modifier-spin');

/** Runs a palette command with nothing focused that could swallow the keys. */
async function command(page: Page, title: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await runCommand(page, title);
}

async function row(
  page: Page,
  what: string,
  match: (r: TreeRow) => boolean,
  timeout = 60_000,
): Promise<TreeRow> {
  return waitFor(what, async () => (await treeRows(page, 'Tasks')).find(match), timeout).catch(
    async (e: Error) => {
      throw new Error(
        `${e.message}\n      rows: ${JSON.stringify(await treeRows(page, 'Tasks').catch(() => []))}`,
      );
    },
  );
}

describe('Fault matrix in a real VS Code: a window reload while tasks run', function () {
  this.timeout(180_000);
  const s = useStudio();
  const { page } = s;

  it('polling resumes after Developer: Reload Window, the task reaches Done in the tree, one submit', async () => {
    const { sim } = s;
    await command(page(), 'Midjourney: Set API Key');
    await quickInput(page(), sim.key, { title: 'Set API Key' });
    await waitForNotification(page(), /API key saved/i);
    // Long enough to still be running after the reload.
    sim.setSpeed(25_000);
    const prompt = 'a lantern that survives a reload';
    await command(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    await openView(page(), 'Midjourney');
    await row(page(), 'the running row', (r) => r.label === prompt && spinning(r));
    const [submit] = submits(sim, 'imagine');
    assert.ok(submit);
    const id = sim.taskIds()[0] as string;

    const reloadedAt = Date.now();
    await command(page(), 'Developer: Reload Window');
    await page().waitForLoadState('domcontentloaded');
    await waitForActivityIcon(page(), 'Midjourney');
    await openView(page(), 'Midjourney');
    const done = await row(
      page(),
      'the finished row after the reload',
      (r) => r.label === prompt && !spinning(r) && r.icons.includes('codicon-file-media'),
      90_000,
    );
    assert.equal(done.level, 1);

    // Polled again by the reloaded window (not merely restored from storage): requests for the task after the reload.
    const polls = sim.requests.filter(
      (r) => r.time > reloadedAt && r.path.startsWith('/mj/task') && JSON.stringify(r).includes(id),
    );
    assert.ok(polls.length > 0, 'no poll after the reload');
    console.log(
      `      first poll ${Math.round(((polls[0]?.time ?? 0) - reloadedAt) / 100) / 10} s after the reload command; ` +
        `Done seen ${Math.round((Date.now() - (sim.finishedAt(id) ?? 0)) / 100) / 10} s after the finish`,
    );
    assert.ok(
      (sim.finishedAt(id) ?? Infinity) > reloadedAt,
      'the task finished after the reload, so the reloaded window saw the finish',
    );
    // No task lost, zero duplicate submits.
    assert.deepEqual(sim.taskIds(), [id]);
    assert.equal(submits(sim, 'imagine').length, 1);
    assert.equal(sim.requests.filter((r) => r.path.includes('/submit/')).length, 1);
    const rows = await treeRows(page(), 'Tasks');
    assert.equal(rows.filter((r) => r.label === prompt).length, 1, 'one row for the task');
  });
});
