/**
 * Every Midjourney operation beyond imagine, in the real workbench against the simulator (trueai dialect;
 * the other dialects are covered through the same TaskService in test/unit/operations.test.ts):
 * imagine with images and blend from the Explorer's multi-select, describe with its prompts in the panel
 * (Insert into the editor, Imagine through the PicReader button and its modal), shorten from a selection,
 * Copy Seed, a stalled task with Cancel, and Track Task by ID. Each asserts what the simulator received and
 * what the tree/panel show; a passing run saves one screenshot per flow to docs/screenshots/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { renderGrid } from '../../sim/png';
import {
  clickMenuItem,
  openFile,
  openView,
  quickInput,
  runCommand,
  viewPane,
  waitFor,
  waitForTreeRow,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { bodyField, readmeLines, submits, useStudio } from './harness';
import type { Studio } from './harness';

const IMAGES = ['alpha.png', 'beta.png', 'gamma.png'];

function waitForRow(
  page: Page,
  what: string,
  match: (row: TreeRow) => boolean,
  timeout = 60_000,
): Promise<TreeRow> {
  return waitForTreeRow(page, 'Tasks', what, match, { timeout });
}

/** Selects files in the Explorer (Ctrl+click for the others) and picks an item of their context menu. */
async function explorerMenu(page: Page, files: string[], item: string): Promise<void> {
  await palette(page, 'View: Show Explorer');
  const row = (name: string) =>
    page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row(files[0]!).waitFor({ state: 'visible', timeout: 20_000 });
  await row(files[0]!).click();
  for (const f of files.slice(1)) await row(f).click({ modifiers: ['Control'] });
  await row(files[files.length - 1]!).click({ button: 'right' });
  await clickMenuItem(page, item);
}

/**
 * Runs a palette command after taking focus out of any webview: keys pressed while a panel has focus go to
 * its iframe, and F1 would never reach the workbench.
 */
async function palette(page: Page, title: string): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, title);
}

/**
 * Shows the Tasks view. The activity-bar icon toggles the container, and our own reveal may be opening it
 * at that moment: click only while the pane is not there, then wait for it.
 */
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

/** Opens a task's panel from its row in the Tasks view (Open Task is a tree-only command). */
async function openTaskRow(page: Page, label: string): Promise<void> {
  await showTasks(page);
  const row = page.locator('.part.sidebar .pane .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  // Double: this workbench opens list items on double-click (see the settings in before()).
  await row.dblclick();
}

/** The visible panel once it shows `selector`. */
function panelWith(page: Page, selector: string, timeout = 60_000): Promise<Frame> {
  return webviewFrame(page, { selector, timeout });
}

function dataUrlOf(file: string): string {
  return `data:image/png;base64,${fs.readFileSync(file).toString('base64')}`;
}

describe('Every Midjourney operation in a real VS Code', function () {
  this.timeout(180_000);
  // A short stall limit, so the stalled flow takes seconds; every other task here finishes in ~1.5 s.
  const s = useStudio({
    settings: {
      'midjourney.stallAfterSeconds': 6,
      // Single clicks only select in the Explorer (no preview editor stealing focus mid-multi-select).
      'workbench.list.openMode': 'doubleClick',
      'explorer.autoReveal': false,
    },
    files: {
      ...Object.fromEntries(IMAGES.map((name, i) => [name, renderGrid(1000 + i, 96, 96)])),
      // Over the 5 MB limit: a real PNG padded past it (only the size matters to the check).
      'huge.png': Buffer.concat([renderGrid(7, 64, 64), Buffer.alloc(6 * 1024 * 1024)]),
    },
    apiKey: true,
    tidy: { notifications: true, editors: true },
  });
  const { page } = s;
  const sim = (): Studio['sim'] => s.sim;

  afterEach(() => {
    if (!s.started) return;
    sim().clearFaults();
    sim().setSpeed('fast');
  });

  /** Screenshots are kept only when every flow passed. */
  const keep = async (name: string): Promise<void> => {
    s.keepScreenshot(name, await page().screenshot());
  };

  it('imagines with two images picked in the Explorer: both go as PNG data URLs with the prompt', async () => {
    sim().clearRequests();
    await explorerMenu(page(), IMAGES.slice(0, 2), 'Use Image(s) to Imagine');
    await quickInput(page(), 'a castle made of these', { title: /Imagine with 2 Images/ });
    await waitFor('the imagine submit', async () =>
      submits(sim(), 'imagine').length > 0 ? true : undefined,
    );
    const sent = submits(sim(), 'imagine');
    assert.equal(sent.length, 1);
    assert.equal(bodyField(sent[0]!, 'prompt'), 'a castle made of these');
    const urls = (sent[0]!.body as { base64Array: string[] }).base64Array;
    assert.deepEqual(
      [...urls].sort(),
      IMAGES.slice(0, 2)
        .map((f) => dataUrlOf(path.join(s.studio.workspace, f)))
        .sort(),
      'the exact bytes of both files, as image/png data URLs',
    );
    await showTasks(page());
    await waitForRow(
      page(),
      'the finished imagine row',
      (r) => r.label === 'a castle made of these' && r.icons.includes('codicon-file-media'),
    );
    await panelWith(page(), 'img.result-image');
    await keep('imagine-with-images');
  });

  it('refuses an image over 5 MB before sending anything, naming the file and the limit', async () => {
    sim().clearRequests();
    await explorerMenu(page(), ['huge.png'], 'Use Image(s) to Imagine');
    await waitForNotification(page(), /huge\.png is 6\.0 MB; images must be at most 5 MB/);
    assert.equal(sim().requests.filter((r) => r.method === 'POST').length, 0, 'nothing was sent');
  });

  it('imagines with an image picked in the Open dialog from the palette', async () => {
    sim().clearRequests();
    await palette(page(), 'Midjourney: Use Image(s) to Imagine…');
    // code-server's Open dialog is VS Code's simple file dialog: a path box in the quick input.
    const file = path.join(s.studio.workspace, 'beta.png');
    const input = page().locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(file);
    await page().waitForTimeout(500);
    await input.press('Enter');
    await quickInput(page(), 'a lantern from this', { title: /Imagine with 1 Image/ });
    await waitFor('the imagine submit', async () =>
      submits(sim(), 'imagine').length > 0 ? true : undefined,
    );
    const sent = submits(sim(), 'imagine');
    assert.equal(sent.length, 1);
    assert.deepEqual((sent[0]!.body as { base64Array: string[] }).base64Array, [dataUrlOf(file)]);
  });

  it('blends three images as a portrait: one blend submit and a finished "Blend 3 images" row', async () => {
    sim().clearRequests();
    await explorerMenu(page(), IMAGES, 'Blend Images');
    await quickInput(page(), 'Portrait', { title: /Blend 3 Images/ });
    await waitFor('the blend submit', async () => (submits(sim(), 'blend').length > 0 ? true : undefined));
    const sent = submits(sim(), 'blend');
    assert.equal(sent.length, 1);
    assert.equal(bodyField(sent[0]!, 'dimensions'), 'PORTRAIT');
    assert.equal((sent[0]!.body as { base64Array: string[] }).base64Array.length, 3);
    await showTasks(page());
    await waitForRow(
      page(),
      'the finished blend row',
      (r) => r.label === 'Blend 3 images' && r.icons.includes('codicon-file-media'),
    );
    const frame = await panelWith(page(), 'img.result-image');
    // The simulator draws a blend's grid in its dimensions: portrait means taller than wide.
    await waitFor('a decoded portrait image', async () => {
      const size = await frame
        .locator('img.result-image')
        .first()
        .evaluate((el) => {
          const i = el as HTMLImageElement;
          return { w: i.naturalWidth, h: i.naturalHeight };
        });
      return size.w > 0 && size.h > size.w ? true : undefined;
    });
    await keep('blend');
  });

  it('describes an image: four prompts in the panel; Insert puts one into the editor, Imagine uses the PicReader button and its modal', async () => {
    await openFile(page(), 'README.md');
    sim().clearRequests();
    await explorerMenu(page(), ['gamma.png'], 'Describe Image');
    await waitFor('the describe submit', async () =>
      submits(sim(), 'describe').length > 0 ? true : undefined,
    );
    assert.match(bodyField(submits(sim(), 'describe')[0]!, 'base64'), /^data:image\/png;base64,/);
    const frame = await panelWith(page(), '.result-prompt');
    const texts = (await frame.locator('.result-prompt .prompt-text').allTextContents()).map((t) => t.trim());
    assert.equal(texts.length, 4, JSON.stringify(texts));
    for (const t of texts) assert.match(t, /--ar 1:1$/);
    await keep('describe');

    await frame.getByRole('button', { name: 'Insert prompt 1' }).click();
    const line = page().locator('.part.editor .monaco-editor .view-line', { hasText: texts[0]! }).first();
    await line.waitFor({ state: 'visible', timeout: 15_000 });

    // Insert showed the editor; bring the describe panel back.
    await openTaskRow(page(), 'Describe gamma.png');
    const again = await panelWith(page(), '.result-prompt');
    sim().clearRequests();
    await again.getByRole('button', { name: 'Imagine prompt 3' }).click();
    // trueai answers PicReader with a MODAL task: the prompt box comes pre-filled with that prompt.
    const input = page().locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(
      'the pre-filled prompt',
      async () => ((await input.inputValue()) === texts[2] ? true : undefined),
      10_000,
    );
    await input.press('Enter');
    await waitFor('the modal submit', async () => (submits(sim(), 'modal').length > 0 ? true : undefined));
    const actions = submits(sim(), 'action');
    assert.equal(actions.length, 1);
    assert.equal(bodyField(actions[0]!, 'customId'), 'MJ::Job::PicReader::3');
    assert.equal(bodyField(submits(sim(), 'modal')[0]!, 'prompt'), texts[2]);
    assert.equal(submits(sim(), 'imagine').length, 0, 'no extra imagine');
  });

  it('shortens the selected text: five shorter prompts in the panel', async () => {
    const text = readmeLines[2]!;
    sim().clearRequests();
    await openFile(page(), 'README.md');
    const line = page().locator('.part.editor .monaco-editor .view-line', { hasText: text }).first();
    await line.click();
    await page().keyboard.press('End');
    await page().keyboard.press('Shift+Home');
    await line.click({ button: 'right' });
    await clickMenuItem(page(), 'Shorten Prompt');
    const input = page().locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await input.inputValue(), text);
    await input.press('Enter');
    await waitFor('the shorten submit', async () =>
      submits(sim(), 'shorten').length > 0 ? true : undefined,
    );
    assert.equal(bodyField(submits(sim(), 'shorten')[0]!, 'prompt'), text);
    const frame = await panelWith(page(), '.result-prompt');
    const texts = await frame.locator('.result-prompt .prompt-text').allTextContents();
    assert.equal(texts.length, 5);
    assert.equal(
      (await frame.locator('[data-section="prompts"] h2').textContent())?.trim(),
      'Shorter prompts',
    );
    await keep('shorten');
  });

  it('copies the seed of a finished task and shows it in the panel', async () => {
    sim().clearRequests();
    await palette(page(), 'Midjourney: Copy Seed');
    await quickInput(page(), 'Blend 3 images');
    await waitFor('the seed request', async () =>
      sim().requests.some((r) => r.path.endsWith('/image-seed')) ? true : undefined,
    );
    const seedReq = sim().requests.find((r) => r.path.endsWith('/image-seed'))!;
    const id = /\/task\/([^/]+)\/image-seed$/.exec(seedReq.path)![1]!;
    const res = await fetch(`${sim().url}/mj/task/${id}/image-seed`, {
      headers: { Authorization: sim().key },
    });
    const expected = String(((await res.json()) as { result: string }).result);
    await openTaskRow(page(), 'Blend 3 images');
    const frame = await panelWith(page(), '.time.seed');
    assert.equal((await frame.locator('.time.seed dd').textContent())?.trim(), expected);
    await keep('seed');
  });

  it('marks a task without progress as stalled (tree and panel) and cancels it from the panel', async () => {
    sim().clearRequests();
    const prompt = 'a clock that stopped --sim-stall';
    await palette(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt);
    await showTasks(page());
    const row = await waitForRow(
      page(),
      'a stalled row',
      (r) => r.label.startsWith('a clock that stopped') && r.description.startsWith('Stalled'),
      60_000,
    );
    assert.ok(row.icons.includes('codicon-warning'), JSON.stringify(row));
    const frame = await panelWith(page(), '[data-section="stalled"]');
    await keep('stalled');
    await frame.getByRole('button', { name: 'Cancel', exact: true }).click();
    await waitFor('the cancel request', async () =>
      sim().requests.some((r) => r.method === 'POST' && r.path.endsWith('/cancel')) ? true : undefined,
    );
    await waitForRow(
      page(),
      'the cancelled row',
      // trueai writes FAILURE "取消任务": shown as Cancelled, not as a failure.
      (r) => r.label.startsWith('a clock that stopped') && r.icons.includes('codicon-circle-slash'),
    );
    assert.equal(submits(sim(), 'imagine').length, 1, 'one imagine, never re-sent');
  });

  it('tracks a task submitted elsewhere by its id, and explains an unknown id', async () => {
    const res = await fetch(`${sim().url}/mj/submit/imagine`, {
      method: 'POST',
      headers: { Authorization: sim().key, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'made in another app' }),
    });
    const id = String(((await res.json()) as { result: string }).result);
    sim().clearRequests();
    await palette(page(), 'Midjourney: Track Task by ID…');
    await quickInput(page(), id);
    await showTasks(page());
    await waitForRow(
      page(),
      'the tracked row, finished',
      (r) => r.label === 'made in another app' && r.icons.includes('codicon-file-media'),
    );
    assert.equal(submits(sim(), 'imagine').length, 0, 'tracking never submits');
    await keep('track');

    await palette(page(), 'Midjourney: Track Task by ID…');
    await quickInput(page(), '1234567890123');
    await waitForNotification(page(), /does not know a task with the id 1234567890123/);
  });
});
