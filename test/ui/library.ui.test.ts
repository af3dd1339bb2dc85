/**
 * The image library in the real workbench against the simulator: Save Image As… through VS Code's simple save
 * dialog lands in `midjourney.saveFolder` under the prompt's name and never clobbers an earlier save; Reveal in
 * Explorer selects the newest saved copy; the tree's filter by status, action, date and prompt text; Export
 * History… and Import History… through the simple dialogs bring deleted rows back once (a second import adds
 * nothing); Delete Task offers to delete the library's own copy, which then goes while the workspace copies
 * stay, and asks the server nothing. Each asserts files on disk, tree rows or the simulator's request log.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import {
  activeTabTitle,
  clearNotifications,
  clickMenuItem,
  closeAllEditors,
  escapeRegExp,
  expandCollapsedRows,
  openView,
  quickInput,
  runCommand,
  treeRows,
  viewPane,
  waitFor,
  waitForNotification,
  waitForTreeRow,
  webviewFrame,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { submits, useStudio } from './harness';

const HARBOUR = 'a quiet harbour at dusk';
const SLUG = 'a-quiet-harbour-at-dusk';
const CRANE = 'a paper crane on a desk';
const BROKEN = 'a broken dream --sim-fail';
/** The tree's labels: the failed prompt without its flag, the upscale named after its button under its grid. */
const FAILED_ROW = 'a broken dream';
const U1_ROW = `U1 · ${HARBOUR}`;
const ALL_ROWS = [HARBOUR, U1_ROW, CRANE, FAILED_ROW];
const EXTENSION_ID = 'midjourney-studio.midjourney-studio';

/** Keys go to the workbench, not into a focused webview. */
async function palette(page: Page, title: string): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, title);
}

const done = (r: TreeRow): boolean => r.icons.includes('codicon-file-media');

describe('The image library (real VS Code)', function () {
  this.timeout(240_000);
  const s = useStudio({ apiKey: true, tidy: { escape: true, notifications: true } });
  const { page } = s;
  const ws = (...p: string[]): string => path.join(s.studio.workspace, ...p);
  /** The extension's image library under its global storage (ImageCache.dir). */
  const library = (...p: string[]): string =>
    path.join(s.studio.server.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'images', ...p);

  /** The simulator's id of the task made by `action` with this prompt (asked of the server itself). */
  async function idOf(prompt: string, action = 'IMAGINE'): Promise<string> {
    const { sim } = s;
    const tasks = await Promise.all(
      sim.taskIds().map(async (id) => {
        const res = await fetch(`${sim.url}/mj/task/${id}/fetch`, { headers: { authorization: sim.key } });
        return (await res.json()) as { id: string; prompt: string; action: string };
      }),
    );
    const found = tasks.filter((t) => t.prompt === prompt && t.action === action);
    assert.equal(found.length, 1, `one ${action} task for "${prompt}": ${JSON.stringify(tasks)}`);
    return found[0]!.id;
  }

  /** Answers a task picker by the task's id (its detail line), which no other task matches. */
  async function pickTask(id: string): Promise<void> {
    const widget = page().locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    await quickInput(page(), id);
    // Closed, or reused by the next input (a dialog's path): either way it no longer shows the id.
    await waitFor('the task picker to take the task', async () =>
      !(await widget.isVisible()) || (await input.inputValue().catch(() => '')) !== id ? true : undefined,
    );
  }

  /** The input of VS Code's simple file dialog once it shows `expected` (its default) or anything, if none. */
  async function dialogInput(expected?: string): Promise<Locator> {
    const input = page().locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills in its default a moment after it opens.
    await waitFor(
      `the dialog's path ${expected ?? ''}`,
      async () => {
        const value = await input.inputValue();
        return (expected === undefined ? value.startsWith('/') : value === expected) ? true : undefined;
      },
      15_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; it shows ${JSON.stringify(await input.inputValue())}`);
    });
    return input;
  }

  /**
   * Accepts the simple dialog titled `title` at `value` until `isDone()` holds. The dialog may reset its path
   * while it settles on its folder, and may take the first Enter to complete the path: so the path is typed
   * again whenever it differs, and Enter pressed again while the dialog still shows it. Only in the dialog
   * itself (by its title), never in another prompt such as its "replace the file?" question.
   */
  async function acceptDialog(
    title: string,
    value: string,
    isDone: () => boolean | Promise<boolean>,
  ): Promise<void> {
    const widget = page().locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const ours = async (): Promise<boolean> =>
      (await widget.isVisible()) &&
      ((await widget.locator('.quick-input-title').textContent()) ?? '').trim() === title;
    await waitFor(
      `the dialog "${title}" to accept ${value}`,
      async () => {
        if (await isDone()) return true;
        if (!(await ours())) return undefined;
        if ((await input.inputValue()) !== value) {
          await input.fill(value);
          await page().waitForTimeout(300);
        } else await input.press('Enter').catch(() => undefined);
        return undefined;
      },
      30_000,
      500,
    ).catch(async (e: Error) => {
      const shownTitle = await widget
        .locator('.quick-input-title')
        .textContent({ timeout: 2000 })
        .catch(() => '');
      const shown = await input.inputValue({ timeout: 2000 }).catch(() => '');
      throw new Error(
        `${e.message}; the quick input shows "${shownTitle?.trim()}": ${JSON.stringify(shown)}`,
      );
    });
  }

  const dialogClosed = async (): Promise<boolean> =>
    !(await page().locator('.quick-input-widget').isVisible());

  /** Answers the workbench's modal dialog with the button labelled `button`; returns every button's label. */
  async function answerModal(button: string): Promise<string[]> {
    const dialog = page().locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const labels = (await dialog.locator('.dialog-buttons .monaco-button').allTextContents()).map((t) =>
      t.trim(),
    );
    await dialog
      .locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${escapeRegExp(button)}$`) })
      .click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    return labels;
  }

  /**
   * Imagines from the Tasks view's toolbar button: a click, where the palette's F1 could land in the previous
   * task's panel while it is still loading and be lost.
   */
  async function imagine(prompt: string): Promise<void> {
    await openView(page(), 'Midjourney');
    await page().locator('.part.sidebar .action-label[aria-label^="Imagine…"]').first().click();
    await quickInput(page(), prompt, { title: 'Imagine' });
    await waitFor(`the imagine submit of "${prompt}"`, async () =>
      submits(s.sim, 'imagine').some((r) => (r.body as { prompt?: string })?.prompt === prompt)
        ? true
        : undefined,
    );
    await panelShown(prompt.split(' --')[0]!);
  }

  /**
   * Waits until the panel whose tab title starts with `title` is in front and its page has drawn. A new panel
   * takes the focus once its webview has loaded, which closes a palette opened before: the next command must
   * wait for that.
   */
  async function panelShown(title: string): Promise<void> {
    await waitFor(`the panel "${title}…" in front`, async () =>
      (await activeTabTitle(page())).startsWith(title) ? true : undefined,
    );
    const frame = await webviewFrame(page(), { selector: '.prompt-text', timeout: 30_000 });
    await waitFor(`the panel "${title}…" drawn`, async () =>
      ((await frame.locator('.prompt-text').first().textContent()) ?? '').trim() ? true : undefined,
    );
    await waitFor('the panel to take the focus', async () =>
      (await page().evaluate(() => {
        const el = document.activeElement;
        return el?.tagName === 'IFRAME' && el.checkVisibility({ visibilityProperty: true });
      }))
        ? true
        : undefined,
    );
  }

  /** Picks an item of a Tasks row's context menu (Delete Task is a tree-only command). */
  async function rowMenu(label: string, item: string): Promise<void> {
    await openView(page(), 'Midjourney');
    const row = viewPane(page(), 'Tasks')
      .locator('.pane-body .monaco-list-row', {
        has: page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
      })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click({ button: 'right' });
    await clickMenuItem(page(), item);
  }

  const rowsNow = (): Promise<TreeRow[]> => treeRows(page(), 'Tasks');

  /** Waits until the Tasks tree shows exactly these labels (in any order). */
  async function waitForLabels(labels: string[], what: string): Promise<TreeRow[]> {
    const want = [...labels].sort();
    return waitFor(
      what,
      async () => {
        const rows = await rowsNow();
        if (JSON.stringify(rows.map((r) => r.label).sort()) === JSON.stringify(want)) return rows;
        // A grid whose upscale came back later starts collapsed.
        if (rows.some((r) => r.expanded === false)) await expandCollapsedRows(page(), 'Tasks');
        return undefined;
      },
      30_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; rows: ${JSON.stringify(await rowsNow().catch(() => []))}`);
    });
  }

  /** Ticks these entries of the Filter Tasks picker and accepts it. */
  async function filterBy(entries: string[]): Promise<void> {
    await palette(page(), 'Midjourney: Filter Tasks…');
    const widget = page().locator('.quick-input-widget');
    for (const entry of entries) {
      const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: entry }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      // A click on the row ticks its checkbox in a multi-select quick pick.
      await row.click();
      await widget
        .locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: entry })
        .first()
        .waitFor({ timeout: 10_000 });
    }
    await widget.locator('.quick-input-box input').press('Enter');
  }

  async function clearFilter(): Promise<void> {
    await palette(page(), 'Midjourney: Clear Task Filter');
  }

  before(async function () {
    this.timeout(360_000);
    await openView(page(), 'Midjourney');

    await imagine(HARBOUR);
    // U1 on the grid from its panel: an UPSCALE for the action filter.
    const u1 = (await webviewFrame(page(), { selector: 'button', timeout: 60_000 }))
      .getByRole('button', { name: 'U1', exact: true })
      .first();
    await u1.waitFor({ state: 'visible', timeout: 60_000 });
    await u1.click();
    await panelShown('U1');
    assert.equal(submits(s.sim, 'action').length, 1);
    await imagine(BROKEN);
    await imagine(CRANE);
    await openView(page(), 'Midjourney');
    const opts = { container: 'Midjourney' };
    await waitForTreeRow(
      page(),
      'Tasks',
      'the harbour grid done',
      (r) => r.label === HARBOUR && done(r),
      opts,
    );
    await waitForTreeRow(page(), 'Tasks', 'the crane grid done', (r) => r.label === CRANE && done(r), opts);
    await waitForTreeRow(page(), 'Tasks', 'the U1 done', (r) => r.label.startsWith('U1') && done(r), opts);
    await waitForTreeRow(
      page(),
      'Tasks',
      'the failed row',
      (r) => r.label.startsWith('a broken dream') && r.icons.includes('codicon-error'),
      opts,
    );
    // The library copies are written right after the tasks finish.
    for (const id of [await idOf(HARBOUR), await idOf(CRANE), await idOf(HARBOUR, 'UPSCALE')])
      await waitFor(`the library copy of ${id}`, async () =>
        fs.existsSync(library(`${id}.png`)) ? true : undefined,
      );
    await closeAllEditors(page());
    await clearNotifications(page()).catch(() => undefined);
  });

  it('Save Image As… defaults to the save folder under the prompt name, and a second save gets a new name', async () => {
    const id = await idOf(HARBOUR);
    const served = Buffer.from(await (await fetch(`${s.sim.url}/sim-images/${id}/grid.png`)).arrayBuffer());
    const first = ws('assets', 'midjourney', `${SLUG}.png`);
    const second = ws('assets', 'midjourney', `${SLUG}-2.png`);
    assert.equal(fs.existsSync(ws('assets')), false, 'nothing saved before');

    // Cancelled: the folder made for the dialog to open in is gone again.
    await palette(page(), 'Midjourney: Save Image As…');
    await pickTask(id);
    const input = await dialogInput(first);
    await input.press('Escape');
    await waitFor('the dialog closed', async () => ((await dialogClosed()) ? true : undefined));
    await waitFor('no folder left behind', async () => (fs.existsSync(ws('assets')) ? undefined : true));

    // Accepted as proposed: the save folder holds the grid under the prompt's name (no "create the folder?").
    await palette(page(), 'Midjourney: Save Image As…');
    await pickTask(id);
    await dialogInput(first);
    await acceptDialog('Save Image As', first, () => fs.existsSync(first) && fs.statSync(first).size > 0);
    await waitForNotification(page(), `Saved assets/midjourney/${SLUG}.png`);
    const bytes = fs.readFileSync(first);
    assert.ok(bytes.equals(served), 'the saved file is the grid the server sent, byte for byte');
    const png = PNG.sync.read(bytes);
    const servedPng = PNG.sync.read(served);
    assert.deepEqual([png.width, png.height], [servedPng.width, servedPng.height]);
    assert.ok(png.width >= 256 && png.height >= 256, `a real grid: ${png.width}x${png.height}`);
    const firstTime = fs.statSync(first).mtimeMs;

    await clearNotifications(page()).catch(() => undefined);
    await palette(page(), 'Midjourney: Save Image As…');
    await pickTask(id);
    // The name is taken now: the dialog proposes the next free one instead of offering to replace it.
    await dialogInput(second);
    await acceptDialog('Save Image As', second, () => fs.existsSync(second) && fs.statSync(second).size > 0);
    await waitForNotification(page(), `Saved assets/midjourney/${SLUG}-2.png`);
    assert.ok(fs.readFileSync(second).equals(served), 'the second copy is the grid too');
    assert.ok(fs.readFileSync(first).equals(bytes), 'the first file is unchanged');
    assert.equal(fs.statSync(first).mtimeMs, firstTime, 'the first file was not written again');
    assert.deepEqual(fs.readdirSync(ws('assets', 'midjourney')).sort(), [`${SLUG}-2.png`, `${SLUG}.png`]);
  });

  it('Reveal in Explorer shows the Explorer with the newest saved copy selected', async () => {
    const id = await idOf(HARBOUR);
    assert.ok(fs.existsSync(ws('assets', 'midjourney', `${SLUG}-2.png`)), 'the previous test saved it');
    await openView(page(), 'Midjourney');
    await palette(page(), 'Midjourney: Reveal in Explorer');
    await pickTask(id);
    const explorer = page().locator('.part.sidebar .explorer-folders-view');
    await explorer.waitFor({ state: 'visible', timeout: 15_000 });
    const selected = await waitFor(
      'a selected row in the Explorer',
      async () => {
        const rows = await explorer
          .locator('.monaco-list-row[aria-selected="true"] .label-name')
          .allTextContents();
        return rows.length ? rows.map((r) => r.trim()) : undefined;
      },
      15_000,
    );
    assert.deepEqual(selected, [`${SLUG}-2.png`]);
    const focused = await explorer.locator('.monaco-list-row.focused .label-name').allTextContents();
    assert.deepEqual(
      focused.map((r) => r.trim()),
      [`${SLUG}-2.png`],
    );
    // Revealed means visible: its folder was expanded to show it.
    assert.ok(
      await explorer
        .locator('.monaco-list-row', { hasText: `${SLUG}-2.png` })
        .first()
        .isVisible(),
      'the row is on screen',
    );
  });

  it('filters the tree by status, action, date and prompt text, and Clear shows every row again', async () => {
    await openView(page(), 'Midjourney');
    await waitForLabels(ALL_ROWS, 'the four rows');
    const header = viewPane(page(), 'Tasks').locator('.pane-header');

    await filterBy(['Failed or cancelled']);
    const failed = await waitForLabels([FAILED_ROW], 'only the failed row');
    assert.ok(failed[0]!.icons.includes('codicon-error'));
    assert.match((await header.textContent()) ?? '', /Filter: Failed or cancelled/);
    await clearFilter();
    await waitForLabels(ALL_ROWS, 'every row back');

    await filterBy(['UPSCALE']);
    await waitForLabels([U1_ROW], 'only the upscale');
    await clearFilter();

    await filterBy(['Done', 'Last 24 hours']);
    await waitForLabels([HARBOUR, CRANE, U1_ROW], 'the three finished rows of today');
    assert.match((await header.textContent()) ?? '', /Done · last 24 h/);
    await clearFilter();

    await filterBy(['Prompt contains…']);
    await quickInput(page(), 'CRANE desk');
    await waitForLabels([CRANE], 'only the crane by its words');
    await clearFilter();
    await waitForLabels(ALL_ROWS, 'every row back after the text filter');
    assert.doesNotMatch((await header.textContent()) ?? '', /Filter:/);
  });

  it('Export History… and Import History… bring deleted rows back once, with their images', async () => {
    const ids = [await idOf(HARBOUR), await idOf(HARBOUR, 'UPSCALE'), await idOf(CRANE), await idOf(BROKEN)];
    const finished = ids.slice(0, 3);
    await openView(page(), 'Midjourney');
    await waitForLabels(ALL_ROWS, 'the four rows');
    const backup = ws('backup');
    fs.mkdirSync(backup);
    const exported = path.join(backup, 'midjourney-history.json');

    await palette(page(), 'Midjourney: Export History…');
    await dialogInput();
    await acceptDialog('Export History', `${backup}/`, () => fs.existsSync(exported));
    await waitForNotification(page(), /Exported 4 tasks and 3 files/);
    const doc = JSON.parse(fs.readFileSync(exported, 'utf8')) as {
      tasks: { task: { id: string }; localImage?: string; parentId?: string }[];
    };
    assert.deepEqual(doc.tasks.map((t) => t.task.id).sort(), [...ids].sort());
    for (const id of finished) {
      const rec = doc.tasks.find((t) => t.task.id === id)!;
      assert.equal(rec.localImage, `images/${id}.png`);
      assert.ok(
        fs
          .readFileSync(path.join(backup, 'images', `${id}.png`))
          .equals(fs.readFileSync(library(`${id}.png`))),
        `images/${id}.png is the library copy`,
      );
    }
    assert.deepEqual(
      fs.readdirSync(path.join(backup, 'images')).sort(),
      finished.map((id) => `${id}.png`).sort(),
    );

    // A fresh list: every finished task removed.
    await palette(page(), 'Midjourney: Clear Finished Tasks');
    await answerModal('Remove');
    await openView(page(), 'Midjourney');
    await waitForLabels([], 'no rows left');
    await clearNotifications(page()).catch(() => undefined);
    s.sim.clearRequests();

    await palette(page(), 'Midjourney: Import History…');
    await dialogInput();
    await acceptDialog('Import History', exported, dialogClosed);
    await waitForNotification(page(), /Imported 4 tasks \(0 already in your list\)/);
    await openView(page(), 'Midjourney');
    await waitForLabels(ALL_ROWS, 'the four rows back');
    // The parent link came back: the upscale sits under its grid again.
    const u1 = await waitForTreeRow(page(), 'Tasks', 'the U1 under its grid', (r) =>
      r.label.startsWith('U1'),
    );
    assert.equal(u1.level, 2);

    await clearNotifications(page()).catch(() => undefined);
    await palette(page(), 'Midjourney: Import History…');
    await dialogInput();
    await acceptDialog('Import History', exported, dialogClosed);
    await waitForNotification(page(), /Imported 0 tasks \(4 already in your list\)/);
    await page().waitForTimeout(1000);
    const after = await rowsNow();
    assert.equal(after.length, 4, `no duplicates: ${JSON.stringify(after.map((r) => r.label))}`);
    // Finished tasks come back as they were: nothing to submit or poll.
    assert.equal(s.sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/submit/')).length, 0);
  });

  it('Delete Task offers to delete the library copy: that removes it (workspace copies stay), Remove alone keeps it', async () => {
    const harbour = await idOf(HARBOUR);
    const crane = await idOf(CRANE);
    const saved = [ws('assets', 'midjourney', `${SLUG}.png`), ws('assets', 'midjourney', `${SLUG}-2.png`)];
    for (const f of [library(`${harbour}.png`), library(`${crane}.png`), ...saved])
      assert.ok(fs.existsSync(f), `${f} exists before`);
    const upscale = await idOf(HARBOUR, 'UPSCALE');
    await openView(page(), 'Midjourney');
    const before = await waitForLabels(ALL_ROWS, 'the four rows, the upscale under its grid');
    for (const r of before) assert.equal(r.level, r.label.startsWith('U1') ? 2 : 1, r.label);
    s.sim.clearRequests();

    await rowMenu(HARBOUR, 'Delete Task');
    const offered = await answerModal('Remove and Delete Local Images');
    assert.ok(offered.includes('Remove'), `buttons: ${JSON.stringify(offered)}`);
    // The grid's row goes; its upscale stays as a root row, still named "U1 · …" so it cannot be taken
    // for the grid that was deleted.
    const rest = await waitForLabels([U1_ROW, CRANE, FAILED_ROW], 'the grid row gone');
    assert.ok(
      rest.every((r) => r.level === 1 && r.expanded === undefined),
      `no nesting left: ${JSON.stringify(rest)}`,
    );
    await waitFor('the library copy deleted', async () =>
      fs.existsSync(library(`${harbour}.png`)) ? undefined : true,
    );
    for (const f of saved) assert.ok(fs.existsSync(f), `${path.basename(f)} in the workspace stays`);
    assert.ok(fs.existsSync(library(`${upscale}.png`)), "the upscale's own image stays");

    await rowMenu(CRANE, 'Delete Task');
    const offered2 = await answerModal('Remove');
    assert.ok(offered2.includes('Remove and Delete Local Images'), `buttons: ${JSON.stringify(offered2)}`);
    await waitFor('the crane row gone', async () =>
      (await rowsNow()).some((r) => r.label === CRANE) ? undefined : true,
    );
    await page().waitForTimeout(1500);
    assert.ok(fs.existsSync(library(`${crane}.png`)), 'Remove alone keeps the library copy');

    const asked = s.sim.requests.filter(
      (r) =>
        r.path.includes(harbour) ||
        r.path.includes(crane) ||
        /harbour|crane/.test(JSON.stringify(r.body ?? '')),
    );
    assert.deepEqual(
      asked.map((r) => `${r.method} ${r.path}`),
      [],
      'deleting asks the server nothing about these tasks',
    );
    assert.equal(s.sim.requests.filter((r) => r.method === 'POST').length, 0, 'and submits nothing');
  });
});
