/**
 * Midjourney as it is in late 2026, in the real workbench against the simulator (trueai dialect, v10+):
 * a V8 task's panel shows its four pictures with Vary and Edit and no Upscale; U1 of a V6 grid reaches
 * /submit/action and never /submit/change; a task cancelled on trueai (FAILURE "取消任务") reads Cancelled
 * in the tree and the panel. A passing run keeps docs/screenshots/v8-panel.png.
 */
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import {
  activeTabTitle,
  clearNotifications,
  openView,
  quickInput,
  runCommand,
  viewPane,
  waitFor,
  waitForTreeRow,
  webviewFrame,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { bodyField, submits, useStudio } from './harness';

/** Runs a palette command with the focus out of any webview (keys in a panel go to its iframe). */
async function palette(page: Page, title: string): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, title);
}

async function showTasks(page: Page): Promise<void> {
  const pane = viewPane(page, 'Tasks');
  await waitFor(
    'the Tasks view',
    async () => {
      if (await pane.isVisible()) return true;
      await openView(page, 'Midjourney').catch(() => undefined);
      await page.waitForTimeout(500);
      return (await pane.isVisible()) ? true : undefined;
    },
    20_000,
    500,
  );
}

function waitForRow(page: Page, what: string, match: (row: TreeRow) => boolean): Promise<TreeRow> {
  return waitForTreeRow(page, 'Tasks', what, match, { timeout: 60_000 });
}

/** The panel's frame once it shows `selector` (and, for images, they decoded). */
async function panelWith(page: Page, selector: string): Promise<Frame> {
  return webviewFrame(page, { selector, timeout: 60_000 });
}

describe('Midjourney in late 2026 in a real VS Code: V8 pictures, trueai without /change, trueai cancel', function () {
  this.timeout(180_000);
  const s = useStudio({ apiKey: true, tidy: { notifications: true, editors: true } });
  const { page } = s;

  afterEach(() => {
    if (!s.started) return;
    s.sim.setSpeed('fast');
  });

  it('a V8 task’s panel shows four pictures, each with Vary (Subtle/Strong) and Edit, and no Upscale', async () => {
    const { sim } = s;
    sim.clearRequests();
    const prompt = 'a glass teapot on a wooden table --ar 3:2 --v 8.1';
    await palette(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    const frame = await panelWith(page(), 'img.picture-image');
    // Each picture decoded, and shown from its own local copy once the download finished (not the server's link).
    const srcs = await waitFor(
      'four decoded pictures from their local copies',
      async () => {
        const imgs = await frame.locator('img.picture-image').evaluateAll((els) =>
          els.map((e) => ({
            w: (e as HTMLImageElement).naturalWidth,
            src: (e as HTMLImageElement).currentSrc,
          })),
        );
        const ok = imgs.length === 4 && imgs.every((i) => i.w > 0 && !i.src.includes('/sim-images/'));
        return ok ? imgs.map((i) => i.src) : undefined;
      },
      60_000,
    );
    assert.equal(new Set(srcs).size, 4, 'four different files');
    assert.equal(await frame.locator('img.result-image').count(), 0, 'no grid image beside them');
    assert.equal(await frame.getByRole('button', { name: /^U[1-4]$/ }).count(), 0, 'no Upscale');
    assert.equal(await frame.getByRole('button', { name: /Upscale|Zoom|Pan/ }).count(), 0);
    for (let n = 1; n <= 4; n++) {
      const fig = frame.locator(`figure[data-picture="${n}"]`);
      assert.equal(await fig.getByRole('button', { name: 'Vary (Subtle)' }).count(), 1, `picture ${n}`);
      assert.equal(await fig.getByRole('button', { name: 'Vary (Strong)' }).count(), 1, `picture ${n}`);
      assert.equal(await fig.getByRole('button', { name: 'Edit…' }).count(), 1, `picture ${n}`);
    }
    assert.equal(await frame.getByRole('button', { name: 'Edit Image…' }).count(), 1);
    await clearNotifications(page());
    s.keepScreenshot('v8-panel', await page().locator('.part.editor').screenshot());

    // Vary (Strong) of picture 2: the grid's V2 customId with `strong: true`, sent once.
    await frame.locator('figure[data-picture="2"]').getByRole('button', { name: 'Vary (Strong)' }).click();
    const action = await waitFor('the /submit/action', async () => submits(sim, 'action')[0]);
    assert.match(bodyField(action, 'customId'), /^MJ::JOB::variation::2::/);
    assert.equal((action.body as { strong?: unknown }).strong, true);
    assert.equal(submits(sim, 'action').length, 1);
  });

  it('trueai: U1 of a V6 grid reaches /submit/action; the simulator’s log holds no /submit/change', async () => {
    const { sim } = s;
    sim.clearRequests();
    await palette(page(), 'Midjourney: Imagine…');
    await quickInput(page(), 'a red fox in the snow --v 6', { title: 'Imagine' });
    const frame = await panelWith(page(), 'img.result-image');
    const u1 = frame.getByRole('button', { name: 'U1', exact: true });
    await u1.waitFor({ state: 'visible', timeout: 60_000 });
    await u1.click();
    const action = await waitFor('the /submit/action', async () => submits(sim, 'action')[0]);
    assert.match(bodyField(action, 'customId'), /^MJ::JOB::upsample::1::/);
    await waitFor('the upscale panel', async () =>
      (await activeTabTitle(page())).startsWith('U1 · ') ? true : undefined,
    );
    const paths = sim.requests.map((r) => r.path);
    assert.ok(!paths.some((p) => /\/submit\/(change|simple-change|show)$/.test(p)), paths.join('\n'));
  });

  it('a task cancelled on trueai (FAILURE 取消任务) reads Cancelled in the tree and the panel', async () => {
    const { sim } = s;
    sim.clearRequests();
    sim.setSpeed(60_000);
    const prompt = 'a kettle that will never boil';
    await palette(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    await waitFor('the imagine', async () => submits(sim, 'imagine')[0]);
    const id = sim.taskIds().at(-1)!;
    // Cancelled on the server (an admin, another client): trueai writes FAILURE with failReason 取消任务.
    const res = await fetch(`${sim.url}/mj/task/${id}/cancel`, {
      method: 'POST',
      headers: { Authorization: sim.key },
    });
    assert.equal(res.status, 200);
    const served = (await (
      await fetch(`${sim.url}/mj/task/${id}/fetch`, { headers: { Authorization: sim.key } })
    ).json()) as { status: string; failReason: string };
    assert.deepEqual([served.status, served.failReason], ['FAILURE', '取消任务']);
    await showTasks(page());
    const row = await waitForRow(
      page(),
      'the cancelled row',
      (r) => r.label.startsWith('a kettle that will never boil') && r.description.startsWith('Cancelled'),
    );
    assert.ok(row.icons.includes('codicon-circle-slash'), JSON.stringify(row));
    const frame = await panelWith(page(), '.badge-cancelled');
    assert.equal((await frame.locator('.badge').first().textContent())?.trim(), 'Cancelled');
    assert.equal(await frame.getByText('The task failed').count(), 0);
    assert.equal(
      await page()
        .locator('.notification-toast', { hasText: /failed/ })
        .count(),
      0,
    );
  });
});
