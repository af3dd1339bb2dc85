/**
 * Balance, server history and edits in the real workbench against the simulator: the balance in the server
 * item's tooltip drops after a task finishes on a relay (and the low-balance warning appears once), Import
 * Tasks from Server adds a task made directly on the simulator (and points a relay to Track Task by ID), and
 * Edit Image on a finished task makes a child task that finishes. Each asserts what the simulator received
 * and what the workbench shows; a passing run saves docs/screenshots/balance.png and import.png.
 */
import * as assert from 'node:assert/strict';
import {
  clickMenuItem,
  openView,
  quickInput,
  runCommand,
  treeRows,
  viewPane,
  waitFor,
  waitForTreeRow,
  waitForNotification,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { bodyField, setApiKey, submits, useStudio } from './harness';
import type { Studio } from './harness';

describe('Balance, server history and edits in a real VS Code', function () {
  this.timeout(180_000);
  const s = useStudio({ tidy: { escape: true, notifications: true, editors: true } });
  const { page } = s;
  const sim = (): Studio['sim'] => s.sim;

  /** Keys go to the workbench, not into a panel's iframe. */
  const palette = async (title: string): Promise<void> => {
    await page()
      .locator('.part.statusbar')
      .click({ position: { x: 5, y: 5 } });
    await runCommand(page(), title);
  };

  const rows = (): Promise<TreeRow[]> => treeRows(page(), 'Tasks');
  const waitForRow = (what: string, match: (r: TreeRow) => boolean, timeout = 60_000): Promise<TreeRow> =>
    waitForTreeRow(page(), 'Tasks', what, match, { timeout });

  const showTasks = async (): Promise<void> => {
    const pane = viewPane(page(), 'Tasks');
    await waitFor(
      'the Tasks view',
      async () => {
        if (await pane.isVisible()) return true;
        await openView(page(), 'Midjourney').catch(() => undefined);
        await page().waitForTimeout(500);
        return (await pane.isVisible()) ? true : undefined;
      },
      20_000,
      500,
    );
  };

  /** The server item's tooltip text, hovered afresh (a tooltip does not update while it is shown). */
  const serverTooltip = async (): Promise<string> => {
    await page().mouse.move(1, 1);
    await page().keyboard.press('Escape');
    const item = page().locator('.part.statusbar .statusbar-item', { hasText: '127.0.0.1' }).first();
    await item.hover();
    const hover = page().locator('.monaco-hover:visible, .workbench-hover:visible').first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    // A hover can close again at once (a toast, a redraw of the item): read it briefly, let waitFor retry.
    return ((await hover.textContent({ timeout: 2000 })) ?? '').replace(/\u00a0/g, ' ');
  };

  before(async () => {
    // A relay with $1.02 left: one task at 5 cents takes it under the default $1 warning.
    sim().setDialect('relay');
    sim().configure({ relayLagMs: 0, balanceUsd: 1.02, taskPriceUsd: 0.05 });
    // The key only once the simulator is a relay (useStudio's apiKey would set it before this hook).
    await setApiKey(page(), sim().key);
  });

  it('shows the balance in the server tooltip, lower after a task finishes, and warns once below $1', async () => {
    const before = await waitFor('the balance in the tooltip', async () => {
      const text = await serverTooltip();
      return /Balance: \$1\.02 left \(of \$1\.02\)/.test(text) ? text : undefined;
    });
    assert.match(before, /127\.0\.0\.1/);
    const billing = sim().requests.filter((r) => r.path.startsWith('/v1/dashboard/billing/'));
    assert.ok(billing.length >= 2, 'subscription and usage were asked');
    for (const r of billing) {
      assert.equal(r.headers.authorization, `Bearer ${sim().key}`);
      assert.equal(r.query, '', 'the key never goes into a URL');
    }

    await palette('Midjourney: Imagine…');
    await quickInput(page(), 'a copper kettle on a stove');
    const id = await waitFor('the imagine on the simulator', async () => sim().taskIds()[0]);
    await waitFor('the task to finish on the simulator', async () => sim().finishedAt(id), 30_000);
    const after = await waitFor(
      'the lower balance in the tooltip',
      async () => {
        const text = await serverTooltip();
        return /Balance: \$0\.97 left/.test(text) ? text : undefined;
      },
      30_000,
      1000,
    );
    assert.doesNotMatch(after, /\$1\.02 left/);
    s.keepScreenshot('balance', await page().screenshot());
    await page().mouse.move(1, 1);
    await waitForNotification(page(), /only \$0\.97 left on 127\.0\.0\.1/);
    assert.equal(submits(sim(), 'imagine').length, 1);
  });

  it('on a relay, Import Tasks from Server says there is no task list and offers Track Task by ID', async () => {
    sim().clearRequests();
    await palette('Midjourney: Import Tasks from Server…');
    await waitForNotification(page(), /does not list its tasks/);
    assert.equal(sim().requests.filter((r) => r.path === '/mj/task/list').length, 1);
  });

  it('imports a task made directly on the server, marking the ones already listed', async () => {
    sim().setDialect('trueai');
    // Made "in the web console": straight to the simulator, not through the extension.
    const res = await fetch(`${sim().url}/mj/submit/imagine`, {
      method: 'POST',
      headers: { authorization: sim().key, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a paper boat made elsewhere' }),
    });
    const made = String(((await res.json()) as { result: unknown }).result);
    await waitFor('the outside task to finish', async () => sim().finishedAt(made), 30_000);
    await showTasks();
    assert.equal((await rows()).filter((r) => r.label === 'a paper boat made elsewhere').length, 0);
    const submitsBefore = sim().submitCount();

    await palette('Midjourney: Import Tasks from Server…');
    const widget = page().locator('.quick-input-widget');
    const boat = widget.locator('.quick-input-list .monaco-list-row', {
      hasText: 'a paper boat made elsewhere',
    });
    await boat.first().waitFor({ state: 'visible', timeout: 15_000 });
    const known = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'already in your list' });
    assert.match((await known.first().textContent()) ?? '', /a copper kettle on a stove/);
    // A click on a row of a multi-select pick toggles its check; the count badge confirms it.
    await boat.first().click();
    await waitFor('one task checked', async () =>
      /1 Selected/i.test(
        (await widget
          .locator('.quick-input-count')
          .textContent()
          .catch(() => '')) ?? '',
      )
        ? true
        : undefined,
    );
    s.keepScreenshot('import', await page().screenshot());
    await widget.locator('.quick-input-box input').press('Enter');

    await showTasks();
    await waitForRow(
      'the imported task',
      (r) => r.label === 'a paper boat made elsewhere' && r.icons.includes('codicon-file-media'),
    );
    // Running it again adds nothing twice.
    await palette('Midjourney: Import Tasks from Server…');
    await widget
      .locator('.quick-input-list .monaco-list-row', { hasText: 'already in your list' })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await page().keyboard.press('Escape');
    assert.equal((await rows()).filter((r) => r.label === 'a paper boat made elsewhere').length, 1);
    assert.equal(sim().submitCount(), submitsBefore, 'importing submits nothing');
  });

  it('Edit Image on a finished task submits one edit with its picture and nests a child that finishes', async () => {
    sim().clearRequests();
    await showTasks();
    const row = page().locator('.part.sidebar .pane .monaco-list-row', {
      hasText: 'a paper boat made elsewhere',
    });
    await row.first().click({ button: 'right' });
    await clickMenuItem(page(), 'Edit Image');
    await quickInput(page(), 'make it snow', { title: /Edit task/ });
    await waitFor('the edit submit', async () => (submits(sim(), 'edits').length > 0 ? true : undefined));
    const sent = submits(sim(), 'edits');
    assert.equal(sent.length, 1);
    assert.equal(bodyField(sent[0]!, 'prompt'), 'make it snow');
    // The local copy as a PNG data URL, or the task's own link where the copy is not there yet.
    assert.match(
      bodyField(sent[0]!, 'image'),
      /^(data:image\/png;base64,|http:\/\/127\.0\.0\.1:\d+\/sim-images\/)/,
    );
    await showTasks();
    const child = await waitForRow(
      'the finished edit nested under its task',
      (r) => r.level === 2 && r.icons.includes('codicon-file-media') && /Edit|make it snow/.test(r.label),
    );
    assert.equal(child.level, 2);
    assert.equal(submits(sim(), 'edits').length, 1, 'the edit was sent once');
    // Only for the README's screenshot: give the panel a moment to decode the edited picture.
    await page().waitForTimeout(2500);
    s.keepScreenshot('edit', await page().screenshot());
  });
});
