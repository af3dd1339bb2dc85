/**
 * Two real workbench windows (two browser pages of one code-server, each on its own workspace, one profile)
 * share one task list: 10 imagines submitted in each at once, 3 deleted, both reloaded, and each tree lists
 * exactly the 17 left. Before the task files (issue 16), each window's whole-object globalState write replaced
 * the other's: after a reload each window listed only its own tasks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';
import { ensureVsix } from '../vscode/build';
import { startCodeServer, workbenchUrl } from '../vscode/codeServer';
import type { CodeServer } from '../vscode/codeServer';
import {
  clickMenuItem,
  escapeRegExp,
  expandCollapsedRows,
  notifications,
  openView,
  openWorkbench,
  screenshotOnFailure,
  treeRows,
  viewPane,
  waitFor,
  waitForActivityIcon,
} from '../vscode/workbench';
import type { Workbench } from '../vscode/workbench';
import { setApiKey, submits } from './harness';

const PER_WINDOW = 10;

describe('Two windows share one task list (code-server, two workspaces, one profile)', function () {
  this.timeout(600_000);
  let sim: Simulator | undefined;
  let server: CodeServer | undefined;
  const windows: { name: string; workspace: string; wb?: Workbench }[] = [
    { name: 'A', workspace: '' },
    { name: 'B', workspace: '' },
  ];
  const page = (i: number): Page => {
    const wb = windows[i]!.wb;
    if (!wb) throw new Error('the workbench did not start');
    return wb.page;
  };

  before(async function () {
    this.timeout(300_000);
    const vsix = ensureVsix();
    sim = await startSimulator({ speed: 'fast' });
    server = await startCodeServer({ vsix, settings: { 'midjourney.baseUrl': sim.url } });
    for (const w of windows) {
      w.workspace = fs.mkdtempSync(path.join(os.tmpdir(), `mjs-ui-ws-${w.name}-`));
      fs.writeFileSync(path.join(w.workspace, 'README.md'), `# window ${w.name}\n`);
    }
    // Both windows open at once, as a user with two folders would have them after a restart.
    await Promise.all(
      windows.map(async (w) => {
        w.wb = await openWorkbench(workbenchUrl(server!, w.workspace));
        await waitForActivityIcon(w.wb.page, 'Midjourney');
        // code-server keeps SecretStorage per browser window: each window is given the key.
        await setApiKey(w.wb.page, sim!.key);
      }),
    );
  });

  after(async () => {
    for (const w of windows) await w.wb?.close().catch(() => undefined);
    await server?.stop();
    await sim?.close();
    for (const w of windows) if (w.workspace) fs.rmSync(w.workspace, { recursive: true, force: true });
  });

  afterEach(screenshotOnFailure(() => windows[0]?.wb?.page));
  afterEach(screenshotOnFailure(() => windows[1]?.wb?.page, 'window B'));

  const prompt = (w: number, i: number) => `window ${windows[w]!.name} task ${i}`;

  /** Imagines from the Tasks view's toolbar (a click: F1 could land in a panel that is still loading). */
  async function imagine(w: number, text: string): Promise<void> {
    await openView(page(w), 'Midjourney');
    await page(w).locator('.part.sidebar .action-label[aria-label^="Imagine…"]').first().click();
    // The box opens with the last prompt (globalState) and may set it just after it shows: type until it holds ours.
    const widget = page(w).locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    await widget
      .locator('.quick-input-title', { hasText: 'Imagine' })
      .waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(`the Imagine box holding "${text}"`, async () => {
      await input.fill(text);
      await page(w).waitForTimeout(150);
      return (await input.inputValue()) === text ? true : undefined;
    });
    await input.press('Enter');
    // The effect is the submit the simulator receives; the box closing can lag behind it when two windows
    // share the machine's two cores, so it is not waited for (a second window's box is its own). An Enter that
    // did not take (the box still open with our prompt, nothing received) is pressed again: the box still open
    // means nothing was accepted, so nothing can be sent twice.
    const received = () =>
      submits(sim!, 'imagine').some((r) => (r.body as { prompt?: string })?.prompt === text);
    await waitFor(
      `the imagine submit of "${text}"`,
      async () => {
        if (received()) return true;
        const open = await input.isVisible().catch(() => false);
        if (open && (await input.inputValue().catch(() => '')) === text) {
          await page(w).waitForTimeout(2000);
          if (!received() && (await input.isVisible().catch(() => false))) await input.press('Enter');
        }
        return undefined;
      },
      60_000,
      500,
    ).catch(async (e: Error) => {
      const shown = await notifications(page(w)).catch(() => []);
      const box = (await widget.isVisible().catch(() => false))
        ? `open, holding "${await input.inputValue().catch(() => '?')}"`
        : 'closed';
      const last = submits(sim!, 'imagine')
        .slice(-4)
        .map((r) => (r.body as { prompt?: string })?.prompt);
      throw new Error(
        `${e.message}\n      window ${windows[w]!.name}: the box is ${box}; notifications ${JSON.stringify(shown)}; ` +
          `the last imagines received ${JSON.stringify(last)}`,
      );
    });
    await widget.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => page(w).keyboard.press('Escape'));
  }

  /** The labels of the Tasks tree's rows of our prompts (the view open, every row expanded). */
  async function labels(w: number): Promise<string[]> {
    if (!(await viewPane(page(w), 'Tasks').isVisible())) await openView(page(w), 'Midjourney');
    const rows = await treeRows(page(w), 'Tasks');
    if (rows.some((r) => r.expanded === false)) await expandCollapsedRows(page(w), 'Tasks');
    return rows.map((r) => r.label).filter((l) => /^window [AB] task \d+$/.test(l));
  }

  async function waitForLabels(w: number, want: string[], what: string): Promise<void> {
    const sorted = [...want].sort();
    let last: string[] = [];
    await waitFor(
      what,
      async () => {
        last = (await labels(w)).sort();
        return JSON.stringify(last) === JSON.stringify(sorted) ? true : undefined;
      },
      90_000,
    ).catch((e: Error) => {
      throw new Error(
        `${e.message}\n      window ${windows[w]!.name} lists ${last.length}: ${JSON.stringify(last)}`,
      );
    });
  }

  async function deleteRow(w: number, label: string): Promise<void> {
    // The tree re-sorts while tasks finish, so the row under the pointer may change between finding it and the
    // click: the dialog names the task, and a dialog about another one is cancelled and the click tried again.
    // A re-render can also close the context menu before its item acts: then no dialog comes (nothing was asked,
    // so nothing was deleted) and the row is right-clicked again; a dialog that comes late is answered then.
    const dialog = page(w).locator('.monaco-dialog-box');
    let about = '';
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (!(await dialog.isVisible())) {
        await openView(page(w), 'Midjourney');
        const row = viewPane(page(w), 'Tasks')
          .locator('.pane-body .monaco-list-row', {
            has: page(w).locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
          })
          .first();
        await row.waitFor({ state: 'visible', timeout: 30_000 });
        await row.click({ button: 'right' });
        await clickMenuItem(page(w), 'Delete Task');
        const came = await dialog
          .waitFor({ state: 'visible', timeout: 10_000 })
          .then(() => true)
          .catch(() => false);
        if (!came) {
          console.log(`      window ${windows[w]!.name}: no Delete dialog for ${label} (attempt ${attempt})`);
          continue;
        }
      }
      about = (await dialog.textContent()) ?? '';
      const right = about.includes(`“${label}”`);
      await dialog
        .locator('.dialog-buttons .monaco-button', { hasText: right ? /^Remove$/ : /^Cancel$/ })
        .click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      if (right) return;
    }
    throw new Error(`the Delete Task dialog never named ${label} in 5 tries (last: ${about || 'no dialog'})`);
  }

  it('submits 10 tasks in each window at once, deletes 3, reloads both: each tree lists exactly 17', async () => {
    const all = windows.flatMap((_, w) => Array.from({ length: PER_WINDOW }, (_, i) => prompt(w, i)));
    // Both windows submit at the same time.
    await Promise.all(
      windows.map(async (_, w) => {
        for (let i = 0; i < PER_WINDOW; i++) await imagine(w, prompt(w, i));
      }),
    );
    assert.equal(submits(sim!, 'imagine').length, 2 * PER_WINDOW, 'the simulator received 20 imagines');
    // Each window sees the other's tasks while both run (file events, focus and poll ticks).
    for (let w = 0; w < windows.length; w++)
      await waitForLabels(w, all, `window ${windows[w]!.name} lists all 20`);

    // Three deletions, in both windows, of tasks of both.
    const gone = [prompt(0, 1), prompt(1, 2), prompt(1, 7)];
    await deleteRow(0, gone[0]!);
    await deleteRow(0, gone[1]!);
    await deleteRow(1, gone[2]!);
    const left = all.filter((l) => !gone.includes(l));
    assert.equal(left.length, 17);
    for (let w = 0; w < windows.length; w++)
      await waitForLabels(w, left, `window ${windows[w]!.name} lists the 17 left`);

    // Reload both windows (each writes its globalState whole on the way out and in).
    await Promise.all(
      windows.map(async (_, w) => {
        await page(w).reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
        await page(w)
          .locator('.monaco-workbench .part.activitybar')
          .waitFor({ state: 'visible', timeout: 60_000 });
        await waitForActivityIcon(page(w), 'Midjourney');
      }),
    );
    for (let w = 0; w < windows.length; w++) {
      await waitForLabels(w, left, `window ${windows[w]!.name} lists exactly the 17 after the reload`);
      // And keeps listing them (no late write brings a deleted one back or takes one away).
      await page(w).waitForTimeout(3000);
      const now = (await labels(w)).sort();
      assert.deepEqual(now, [...left].sort(), `window ${windows[w]!.name} after 3 s`);
      console.log(`      window ${windows[w]!.name}: ${now.length} tasks after the reload`);
    }
  });
});
