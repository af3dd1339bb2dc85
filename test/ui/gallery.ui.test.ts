/**
 * The gallery in the real workbench with 200 tasks made on the simulator (submitted by the real client,
 * finished by the simulator, brought in with Import History…): tiles show with their thumbnails, search
 * narrows them, a click opens that task's panel, dragging tiles into a Markdown editor links their pictures,
 * Use as Style Reference puts the picture into the composer's --sref choices, and after a reload the gallery
 * comes back with its filter. A passing run saves docs/screenshots/gallery.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { MjClient } from '../../src/core/api/client';
import { buildHistoryExport } from '../../src/core/history/historyFile';
import type { TaskRecord } from '../../src/core/tasks/store';
import {
  activeTabTitle,
  openFile,
  quickInput,
  runCommand,
  waitFor,
  waitForActivityIcon,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import { useStudio } from './harness';

const TASKS = 200;
/** Every 20th prompt has this word: search must find exactly 10. */
const RARE = 'zebra';
const words = 'lighthouse fox harbour crane castle forest desert glacier koi lantern'.split(' ');
const promptOf = (i: number): string =>
  `gallery ${String(i).padStart(3, '0')} ${words[i % words.length]}${i % 20 === 0 ? ` ${RARE}` : ''} --v 7`;

async function palette(page: Page, title: string): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, title);
}

describe('Gallery (real VS Code, 200 tasks from the simulator)', function () {
  this.timeout(300_000);
  const s = useStudio({ apiKey: true, files: { 'notes.md': Buffer.from('# Notes\n\n') } });
  const { page } = s;
  let history = '';

  const gallery = (): Promise<Frame> => webviewFrame(page(), { selector: '.scroller', timeout: 60_000 });
  const countText = async (f: Frame): Promise<string> =>
    ((await f.locator('.count').textContent()) ?? '').trim();

  before(async function () {
    this.timeout(300_000);
    // 200 imagines through the real client; the simulator finishes them (all at once: no queue limit).
    s.sim.configure({ maxRunning: Infinity, queueLimit: Infinity });
    const client = new MjClient({ baseUrl: s.sim.url, apiKey: s.sim.key });
    const ids: string[] = [];
    for (let i = 0; i < TASKS; i++) ids.push((await client.imagine({ prompt: promptOf(i) })).taskId);
    const tasks = await waitFor(
      'the 200 tasks to finish on the simulator',
      async () => {
        const all = await client.listByCondition(ids);
        return all.length === TASKS && all.every((t) => t.status === 'SUCCESS') ? all : undefined;
      },
      120_000,
      1000,
    );
    const now = Date.now();
    // The simulator made them all within seconds; spread over four days (task 0 the newest), so the gallery
    // has days to group them by.
    const byPrompt = new Map(tasks.map((t) => [t.prompt, t]));
    const recs: TaskRecord[] = Array.from({ length: TASKS }, (_, i) => {
      const when = now - i * 30 * 60_000;
      const task = byPrompt.get(promptOf(i))!;
      return {
        task: { ...task, submitTime: when, startTime: when, finishTime: when + 40_000 },
        origin: { kind: 'imagine' },
        createdAt: when,
        updatedAt: now,
      };
    });
    const { document } = buildHistoryExport(recs, { now, exists: () => false });
    history = path.join(s.studio.workspace, 'midjourney-history.json');
    fs.writeFileSync(history, JSON.stringify(document));
  });

  async function importHistory(): Promise<void> {
    await palette(page(), 'Midjourney: Import History…');
    const widget = page().locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(
      'the Import History dialog to take the file',
      async () => {
        if (!(await widget.isVisible())) return true;
        if ((await input.inputValue()) !== history) {
          await input.fill(history);
          await page().waitForTimeout(300);
        } else await input.press('Enter').catch(() => undefined);
        return undefined;
      },
      30_000,
      500,
    );
    await waitForNotification(page(), /Imported 200 tasks/);
  }

  it('shows every picture as a tile, newest first by day, thumbnails filling in; search narrows them', async () => {
    await importHistory();
    await palette(page(), 'Midjourney: Open Gallery');
    const f = await gallery();
    await waitFor('200 pictures counted', async () =>
      (await countText(f)) === '200 pictures' ? true : undefined,
    );
    const tiles = f.locator('.tile');
    assert.ok((await tiles.count()) >= 10, 'a screen of tiles');
    assert.ok((await tiles.count()) < TASKS, `virtualized: ${await tiles.count()} elements for 200 pictures`);
    // Newest first, each tile named by its prompt.
    assert.equal(await tiles.first().getAttribute('aria-label'), promptOf(0));
    assert.ok((await f.locator('.day').count()) >= 1);
    // Thumbnails: made in the background from the downloaded pictures, ≤256 px, shown in place of the placeholder.
    await waitFor(
      'the first tiles to show their thumbnails',
      async () => {
        const ok = await f.evaluate(
          () =>
            [...document.querySelectorAll('.tile img')].filter(
              (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0,
            ).length,
        );
        return ok >= 5 ? true : undefined;
      },
      90_000,
      500,
    );
    const natural = await f.evaluate(
      () => (document.querySelector('.tile img') as HTMLImageElement).naturalWidth,
    );
    assert.ok(natural > 0 && natural <= 256, `a thumbnail, not the full picture: ${natural} px`);
    s.keepScreenshot('gallery', await page().screenshot());

    await f.locator('.search').fill(RARE);
    await waitFor('10 pictures after the search', async () =>
      (await countText(f)) === '10 pictures' ? true : undefined,
    );
    const labels = await f
      .locator('.tile')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.equal(labels.length, 10);
    assert.ok(
      labels.every((l) => l.includes(RARE)),
      JSON.stringify(labels),
    );
  });

  it('a click opens the task panel of that picture; arrows and Enter open another one', async () => {
    const f = await gallery();
    const second = f.locator('.tile').nth(1);
    const label = (await second.getAttribute('aria-label')) ?? '';
    await second.click();
    await waitFor('the task panel of the clicked picture', async () =>
      label.startsWith((await activeTabTitle(page())).replace(/…$/, '')) ? true : undefined,
    );
    const panel = await webviewFrame(page(), { selector: '[data-section]' });
    assert.ok(((await panel.locator('body').textContent()) ?? '').includes(label));

    // The keyboard: focus the grid (its first tile), two arrows right, Enter.
    await page().locator('.part.editor .tab', { hasText: 'Midjourney Gallery' }).first().click();
    const g = await gallery();
    await waitFor('the gallery again', async () =>
      (await countText(g)) === '10 pictures' ? true : undefined,
    );
    const third = (await g.locator('.tile').nth(2).getAttribute('aria-label')) ?? '';
    await g.locator('.scroller').focus();
    await page().keyboard.press('ArrowRight');
    await page().keyboard.press('ArrowRight');
    assert.equal(await g.evaluate(() => document.activeElement?.getAttribute('aria-label')), third);
    await page().keyboard.press('Enter');
    await waitFor('the task panel of the third picture', async () =>
      third.startsWith((await activeTabTitle(page())).replace(/…$/, '')) ? true : undefined,
    );
  });

  it('dragging tiles into a Markdown editor inserts links to their pictures', async () => {
    await openFile(page(), 'notes.md');
    await runCommand(page(), 'View: Split Editor Right');
    // The gallery back in the left group, the Markdown file on the right.
    await page().locator('.part.editor .tab', { hasText: 'Midjourney Gallery' }).first().click();
    const f = await gallery();
    const tile = f.locator('.tile').first();
    const label = (await tile.getAttribute('aria-label')) ?? '';
    const target = page()
      .locator('.part.editor .split-view-view')
      .nth(1)
      .locator('.monaco-editor .view-lines');
    // With the mouse (the tile is in the webview's frames, the editor in the workbench's page).
    const from = (await tile.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page().mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page().mouse.down();
    await page().mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
    await page().mouse.move(to.x + 40, to.y + 40, { steps: 10 });
    await page().mouse.up();
    const file = path.join(s.studio.workspace, 'notes.md');
    const text = await waitFor(
      'the link in notes.md',
      async () => {
        await page().keyboard.press('Control+S');
        const t = fs.readFileSync(file, 'utf8');
        return /!\[.*\]\(.*\.png\)/.test(t) ? t : undefined;
      },
      20_000,
      500,
    );
    assert.ok(text.includes(`![${label.replace(/[[\]]/g, '\\$&')}](assets/midjourney/`), text);
  });

  it('Use as Style Reference from the context menu: the composer offers it for --sref, the gallery offers it as a filter', async () => {
    // Shown again after the other editors: the webview is rebuilt and restores its filter from its state.
    await page().locator('.part.editor .tab', { hasText: 'Midjourney Gallery' }).first().click();
    const f = await gallery();
    await waitFor('10 pictures still', async () =>
      (await countText(f)) === '10 pictures' ? true : undefined,
    );
    const tile = f.locator('.tile').first();
    const label = (await tile.getAttribute('aria-label')) ?? '';
    await tile.click({ button: 'right' });
    await f.getByRole('menuitem', { name: 'Use as Style Reference' }).click();
    // The gallery learns of the new reference: its filter offers it.
    await waitFor('the style-reference filter', async () =>
      (await f.locator('select[aria-label="Style reference"] option').count()) === 2 ? true : undefined,
    );

    await palette(page(), 'Midjourney: Compose Prompt');
    await quickInput(page(), 'a cat in the style of the reference');
    const widget = page().locator('.quick-input-widget');
    // The parameter list is long: type to bring --sref up, then take it.
    await widget.locator('.quick-input-title', { hasText: 'Parameters' }).waitFor({ timeout: 15_000 });
    await widget.locator('.quick-input-box input').fill('--sref');
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: '--sref' }).first().click();
    // Its label is the prompt without parameters; its description the picture's URL.
    const offered = widget.locator('.quick-input-list .monaco-list-row', { hasText: label.slice(0, 20) });
    await offered.first().waitFor({ timeout: 15_000 });
    assert.ok(((await offered.first().textContent()) ?? '').includes('http'), 'the reference with its URL');
    await page().keyboard.press('Escape');
  });

  it('after a reload the gallery comes back with its filter', async () => {
    await palette(page(), 'Developer: Reload Window');
    await waitForActivityIcon(page(), 'Midjourney', 90_000);
    const f = await webviewFrame(page(), { selector: '.scroller', timeout: 90_000 });
    await waitFor(
      'the filter after the reload',
      async () => ((await countText(f)) === '10 pictures' ? true : undefined),
      60_000,
    );
    assert.equal(await f.locator('.search').inputValue(), RARE);
  });
});
