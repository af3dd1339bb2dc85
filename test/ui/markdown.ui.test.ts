/**
 * Your images in your project, in the real workbench against the simulator: the panel's "Insert into Editor"
 * saves the grid into assets/midjourney and links it in the Markdown file; dragging the task's row from the
 * tree into another Markdown file links it relative to that file; Save Quadrants writes four PNGs whose
 * pixels are the grid's four quarters. Each asserts the files on disk; a passing run saves
 * docs/screenshots/markdown.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { repoRoot } from '../vscode/tools';
import {
  clearNotifications,
  closeAllEditors,
  openFile,
  openView,
  quickInput,
  runCommand,
  viewPane,
  waitFor,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import { submits, useStudio } from './harness';

const screenshots = path.join(repoRoot, 'docs', 'screenshots');
const PROMPT = 'a lighthouse on a cliff [dawn]';
const SLUG = 'a-lighthouse-on-a-cliff-dawn';
const ALT = 'a lighthouse on a cliff \\[dawn\\]';

/** Keys go to the workbench, not into a focused webview. */
async function palette(page: Page, title: string): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, title);
}

function readPng(file: string): PNG {
  return PNG.sync.read(fs.readFileSync(file));
}

/** Saves the active editor and waits until its file on disk contains `pattern`. */
async function savedText(page: Page, file: string, pattern: RegExp): Promise<string> {
  return waitFor(
    `${path.basename(file)} on disk to match ${String(pattern)}`,
    async () => {
      await page.keyboard.press('Control+S');
      const text = fs.readFileSync(file, 'utf8');
      return pattern.test(text) ? text : undefined;
    },
    20_000,
    500,
  );
}

describe('Images in your project: Markdown and the library (real VS Code)', function () {
  this.timeout(180_000);
  const s = useStudio({
    settings: { 'midjourney.replaceSelectionWithImage': true },
    files: { 'doc.md': Buffer.from('# Notes\n\n'), 'sel.md': Buffer.from('# Fox\n\na red fox in snow\n') },
    apiKey: true,
  });
  const { page } = s;
  const ws = (...p: string[]) => path.join(s.studio.workspace, ...p);

  before(() => {
    fs.mkdirSync(ws('notes'));
    fs.writeFileSync(ws('notes', 'drag.md'), '# Dragged\n\n');
  });

  it('Insert into Editor from the panel saves the grid into the workspace and links it in the Markdown file', async () => {
    await palette(page(), 'Midjourney: Imagine…');
    await quickInput(page(), PROMPT, { title: 'Imagine' });
    await webviewFrame(page(), { selector: '[data-section="library"] button', timeout: 60_000 });
    // The panel is in front; the Markdown file opened next becomes the last editor, then the panel again.
    await openFile(page(), 'doc.md');
    await page().locator('.part.editor .monaco-editor .view-line', { hasText: 'Notes' }).click();
    await page().keyboard.press('Control+End');
    await page().locator('.part.editor .tab', { hasText: 'a lighthouse' }).first().click();
    const insert = (await webviewFrame(page(), { selector: '[data-section="library"] button' }))
      .getByRole('button', { name: 'Insert into Editor' })
      .first();
    await insert.click();
    await page().locator('.part.editor .tab.active', { hasText: 'doc.md' }).waitFor({ timeout: 20_000 });
    const text = await savedText(page(), ws('doc.md'), /!\[.*\]\(.*\.png\)/);
    assert.ok(
      text.includes(`![${ALT}](assets/midjourney/${SLUG}.png)`),
      `the link with escaped alt text at the cursor: ${JSON.stringify(text)}`,
    );
    assert.ok(text.startsWith('# Notes\n\n!['), `inserted at the end where the cursor was: ${text}`);
    const saved = readPng(ws('assets', 'midjourney', `${SLUG}.png`));
    assert.ok(saved.width >= 256 && saved.height >= 256, `a real grid: ${saved.width}x${saved.height}`);

    // The preview beside the source shows the saved picture itself.
    await openView(page(), 'Midjourney');
    await palette(page(), 'Markdown: Open Preview to the Side');
    const preview = await webviewFrame(page(), { selector: 'img' });
    await waitFor('the picture in the Markdown preview', async () =>
      (await preview
        .locator('img')
        .first()
        .evaluate((el) => (el as HTMLImageElement).naturalWidth))
        ? true
        : undefined,
    );
    fs.mkdirSync(screenshots, { recursive: true });
    await page().screenshot({ path: path.join(screenshots, 'markdown.png') });
  });

  it('dragging the task row into a Markdown editor links the saved copy relative to that file', async () => {
    await closeAllEditors(page());
    await openFile(page(), 'drag.md');
    await openView(page(), 'Midjourney');
    const row = viewPane(page(), 'Tasks').locator('.monaco-list-row', { hasText: 'a lighthouse' }).first();
    const target = page().locator('.part.editor .monaco-editor .view-lines').first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.dragTo(target, { targetPosition: { x: 40, y: 60 } });
    const text = await savedText(page(), ws('notes', 'drag.md'), /!\[.*\]\(.*\.png\)/);
    // The copy Insert saved is reused (no second file), linked from notes/.
    assert.ok(
      text.includes(`![${ALT}](../assets/midjourney/${SLUG}.png)`),
      `a link relative to notes/: ${JSON.stringify(text)}`,
    );
    assert.deepEqual(fs.readdirSync(ws('assets', 'midjourney')), [`${SLUG}.png`]);
  });

  it('Save Quadrants writes four PNGs, each a quarter of the grid with its pixels', async () => {
    await clearNotifications(page()).catch(() => undefined);
    await palette(page(), 'Midjourney: Save Quadrants');
    await quickInput(page(), 'lighthouse');
    await waitForNotification(page(), /Saved 4 images/);
    const grid = readPng(ws('assets', 'midjourney', `${SLUG}.png`));
    const w = Math.floor(grid.width / 2);
    const h = Math.floor(grid.height / 2);
    const names = fs.readdirSync(ws('assets', 'midjourney')).sort();
    const quads = [1, 2, 3, 4].map((n) => `${SLUG}-q${n}.png`);
    for (const q of quads) assert.ok(names.includes(q), `${q} in ${JSON.stringify(names)}`);
    quads.forEach((name, i) => {
      const q = readPng(ws('assets', 'midjourney', name));
      assert.deepEqual([q.width, q.height], [w, h], `${name} is a quarter of the grid`);
      const ox = (i % 2) * w;
      const oy = Math.floor(i / 2) * h;
      for (const [x, y] of [
        [0, 0],
        [w - 1, h - 1],
        [Math.floor(w / 2), Math.floor(h / 2)],
        [7, h - 9],
      ] as const) {
        const a = (y * w + x) * 4;
        const b = ((oy + y) * grid.width + ox + x) * 4;
        assert.deepEqual(
          [...q.data.subarray(a, a + 4)],
          [...grid.data.subarray(b, b + 4)],
          `${name} pixel ${x},${y} is the grid's ${ox + x},${oy + y}`,
        );
      }
    });
  });

  it('Use Selection to Imagine with replaceSelectionWithImage puts the image in place of the prompt', async () => {
    await closeAllEditors(page());
    await openFile(page(), 'sel.md');
    await page().locator('.part.editor .monaco-editor .view-line', { hasText: 'a red fox' }).click();
    await page().keyboard.press('Home');
    await page().keyboard.press('Shift+End');
    await palette(page(), 'Midjourney: Use Selection to Imagine');
    await quickInput(page(), 'a red fox in snow', { title: 'Use Selection to Imagine' });
    const text = await savedText(page(), ws('sel.md'), /!\[/);
    assert.equal(text, '# Fox\n\n![a red fox in snow](assets/midjourney/a-red-fox-in-snow.png)\n');
    assert.ok(readPng(ws('assets', 'midjourney', 'a-red-fox-in-snow.png')).width > 0);
    assert.equal(submits(s.sim, 'imagine').length, 2, 'one submit for each imagine of this file');
  });
});
