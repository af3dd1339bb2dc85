import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../vscode/tools';
import {
  activeTabTitle,
  clearNotifications,
  clickMenuItem,
  openFile,
  openView,
  quickInput,
  quickInputState,
  runCommand,
  waitFor,
  waitForTreeRow,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { bodyField, readmeLines, submits, useStudio } from './harness';

const screenshots = path.join(repoRoot, 'docs', 'screenshots');

/** Polls the Tasks tree until a row satisfies `match` (expanding collapsed rows). */
function waitForRow(
  page: Page,
  what: string,
  match: (row: TreeRow, rows: TreeRow[]) => boolean,
  timeout = 60_000,
): Promise<TreeRow> {
  return waitForTreeRow(page, 'Tasks', what, match, { timeout });
}

const spinning = (row: TreeRow): boolean =>
  row.icons.includes('codicon-loading') && row.icons.includes('codicon-modifier-spin');

/** Waits until the visible webview shows an image that actually decoded (naturalWidth > 0); returns its frame. */
async function waitForImage(
  page: Page,
  timeout = 60_000,
): Promise<{ frame: Frame; width: number; src: string }> {
  return waitFor(
    'a decoded image in the panel',
    async () => {
      const frame = await webviewFrame(page, { selector: 'img.result-image', timeout: 2000 });
      const img = await frame
        .locator('img.result-image')
        .first()
        .evaluate((el) => {
          const i = el as HTMLImageElement;
          return { width: i.complete ? i.naturalWidth : 0, src: i.currentSrc || i.src };
        });
      return img.width > 0 ? { frame, ...img } : undefined;
    },
    timeout,
  );
}

describe('Midjourney Studio in a real VS Code (code-server + Chromium)', function () {
  this.timeout(180_000);
  const s = useStudio({ tidy: { notifications: true, editors: true } });
  const { page } = s;

  afterEach(() => {
    if (!s.started) return;
    s.sim.clearFaults();
    s.sim.setSpeed('fast');
  });

  it('sets the API key from the palette in a password box', async () => {
    await runCommand(page(), 'Midjourney: Set API Key');
    const input = await quickInputState(page(), 'Midjourney: Set API Key');
    assert.equal(input.password, true, 'the key box must mask what is typed');
    await quickInput(page(), s.sim.key, { title: 'Set API Key' });
    await waitForNotification(page(), /API key saved/i);
  });

  it('imagines from the palette: spinner in the tree, the grid in the panel, then U1 makes a child task and its image', async () => {
    const { sim } = s;
    sim.clearRequests();
    // Slow enough that the running state (the spinner) is on screen for several polls.
    sim.setSpeed(12_000);
    const prompt = 'a red fox in fresh snow';
    await runCommand(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    await openView(page(), 'Midjourney');

    const running = await waitForRow(
      page(),
      `a spinning row for "${prompt}"`,
      (r) => r.label === prompt && spinning(r),
    );
    assert.equal(running.level, 1);

    await waitFor('the panel titled with the prompt', async () =>
      (await activeTabTitle(page())) === prompt ? true : undefined,
    );
    const grid = await waitForImage(page());
    await waitForRow(
      page(),
      'the finished row',
      (r) => r.label === prompt && !spinning(r) && r.icons.includes('codicon-file-media'),
    );
    const u1 = grid.frame.getByRole('button', { name: 'U1', exact: true });
    await u1.waitFor({ state: 'visible', timeout: 30_000 });
    fs.mkdirSync(screenshots, { recursive: true });
    await page()
      .locator('.part.editor')
      .screenshot({ path: path.join(screenshots, 'panel.png') });

    sim.setSpeed('fast');
    await u1.click();
    const child = await waitForRow(
      page(),
      'a child row for the upscale',
      (r, rows) =>
        r.level === 2 &&
        r.label.startsWith('U1') &&
        rows.indexOf(r) > rows.findIndex((p) => p.label === prompt),
    );
    assert.match(child.label, /^U1 · /);
    await waitFor('the upscale panel', async () =>
      (await activeTabTitle(page())).startsWith('U1 · ') ? true : undefined,
    );
    const upscale = await waitForImage(page());
    assert.notEqual(upscale.src, grid.src, 'the panel still shows the grid, not the upscale');
    await waitForRow(
      page(),
      'the finished upscale row',
      (r) => r.level === 2 && r.label.startsWith('U1') && !spinning(r),
    );
    await page()
      .locator('.part.sidebar')
      .screenshot({ path: path.join(screenshots, 'tree.png') });

    const imagines = submits(sim, 'imagine');
    assert.equal(imagines.length, 1, 'exactly one imagine submit');
    assert.equal(bodyField(imagines[0]!, 'prompt'), prompt);
    const actions = submits(sim, 'action');
    assert.equal(actions.length, 1, 'exactly one action submit');
    assert.match(bodyField(actions[0]!, 'customId'), /^MJ::JOB::upsample::1/);
  });

  it('imagines from a selection through the editor context menu', async () => {
    const { sim } = s;
    sim.clearRequests();
    const text = readmeLines[2]!;
    await openFile(page(), 'README.md');
    const line = page().locator('.part.editor .monaco-editor .view-line', { hasText: text }).first();
    await line.waitFor({ state: 'visible', timeout: 30_000 });
    // Select exactly the line's text: click at its end, then Shift+Home.
    await line.click();
    await page().keyboard.press('End');
    await page().keyboard.press('Shift+Home');
    await line.click({ button: 'right' });
    await clickMenuItem(page(), 'Use Selection to Imagine');

    const input = page().locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await input.inputValue(), text, 'the prompt box starts with the selected text');
    await input.press('Enter');

    await waitFor('the imagine submit', async () => (submits(sim, 'imagine').length > 0 ? true : undefined));
    assert.equal(bodyField(submits(sim, 'imagine')[0]!, 'prompt'), text);
    await openView(page(), 'Midjourney');
    await waitForRow(page(), `a row for "${text}"`, (r) => r.label === text);
  });

  it('shows the failure reason of a failed task in the panel', async () => {
    const prompt = 'a broken dream --sim-fail';
    await runCommand(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    const reason = await waitFor(
      'the failure reason in the panel',
      async () => {
        const frame = await webviewFrame(page(), { selector: '.failure-reason', timeout: 2000 });
        return (await frame.locator('.failure-reason').first().textContent())?.trim() || undefined;
      },
      60_000,
    );
    assert.match(reason, /Unrecognized parameter/);
    await openView(page(), 'Midjourney');
    await waitForRow(
      page(),
      'the failed row',
      (r) => r.label.startsWith('a broken dream') && r.icons.includes('codicon-error'),
    );
  });

  it('explains a rejected key with a Set API Key button that fixes it', async () => {
    const { sim } = s;
    await runCommand(page(), 'Midjourney: Set API Key');
    await quickInput(page(), 'not-the-right-key', { title: 'Set API Key' });
    await waitForNotification(page(), /API key saved/i);
    await clearNotifications(page());
    sim.clearRequests();

    await runCommand(page(), 'Midjourney: Imagine…');
    await quickInput(page(), 'a cat on a windowsill', { title: 'Imagine' });
    const toast = await waitForNotification(page(), /key/i);
    const button = toast.getByRole('button', { name: 'Set API Key' });
    await button.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(submits(sim, 'imagine').length, 1, 'the rejected submit reached the server once');

    // The button leads to the key box; the right key makes the next imagine work.
    await button.click();
    const input = await quickInputState(page(), 'Midjourney: Set API Key');
    assert.equal(input.password, true);
    await quickInput(page(), sim.key, { title: 'Set API Key' });
    await waitForNotification(page(), /API key saved/i);
  });
});
