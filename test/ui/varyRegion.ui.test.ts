/**
 * Vary Region in the real workbench: imagine → U1 → "Vary (Region)" on the upscale → paint with the mouse
 * over the picture in the panel (a brush stroke, a rectangle, a stroke taken back with Ctrl+Z) → Submit.
 * The mask the simulator received must be a PNG of the picture's size with white exactly where the user
 * painted, and the task must then run to SUCCESS.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { repoRoot } from '../vscode/tools';
import {
  activeTabTitle,
  clearNotifications,
  quickInput,
  runCommand,
  waitFor,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import { bodyField, submits, useStudio } from './harness';
import type { Studio } from './harness';

const screenshots = path.join(repoRoot, 'docs', 'screenshots');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The task as the simulator serves it (read like a client would, with the key). */
async function simTask(sim: Studio['sim'], id: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${sim.url}/mj/task/${encodeURIComponent(id)}/fetch`, {
    headers: { Authorization: sim.key },
  });
  const text = await res.text();
  return res.ok && text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

/** A point given as fractions of a box, in page pixels. */
function at(box: Box, fx: number, fy: number): { x: number; y: number } {
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** Drags the mouse through `points` (page pixels) with intermediate moves, like a hand would. */
async function drag(page: Page, points: { x: number; y: number }[]): Promise<void> {
  const [first, ...rest] = points;
  assert.ok(first);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 8 });
  await page.mouse.up();
}

/** Waits for a webview with a decoded result image other than `not`; returns its frame and source. */
async function waitForResultImage(page: Page, not?: string): Promise<{ frame: Frame; src: string }> {
  return waitFor(
    'a decoded result image in the panel',
    async () => {
      const frame = await webviewFrame(page, { selector: 'img.result-image', timeout: 2000 });
      const img = await frame
        .locator('img.result-image')
        .first()
        .evaluate((el) => {
          const i = el as HTMLImageElement;
          return { width: i.complete ? i.naturalWidth : 0, src: i.currentSrc || i.src };
        });
      return img.width > 0 && img.src !== not ? { frame, src: img.src } : undefined;
    },
    60_000,
  );
}

describe('Vary Region in a real VS Code: paint a mask over the upscale and send it', function () {
  this.timeout(180_000);
  const s = useStudio({ apiKey: true });
  const { page } = s;
  /** The upscale's panel title, for the second test to go back to it. */
  let upscaleTitle = '';

  before(async () => {
    await clearNotifications(page());
  });

  it('imagine → U1 → Vary (Region): the painted stroke and rectangle arrive as white in a mask of the picture’s size, and the task finishes', async () => {
    const { sim } = s;
    sim.clearRequests();
    const prompt = 'a lighthouse on a cliff at dawn';
    await runCommand(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });

    const grid = await waitForResultImage(page());
    const u1 = grid.frame.getByRole('button', { name: 'U1', exact: true });
    await u1.waitFor({ state: 'visible', timeout: 30_000 });
    await u1.click();
    await waitFor('the upscale panel', async () =>
      (await activeTabTitle(page())).startsWith('U1 · ') ? true : undefined,
    );
    const upscale = await waitForResultImage(page(), grid.src);
    upscaleTitle = await activeTabTitle(page());
    const vary = upscale.frame.getByRole('button', { name: /Vary \(Region\)/ });
    await vary.waitFor({ state: 'visible', timeout: 30_000 });
    await vary.click();

    // The MODAL child's panel shows the upscale with the painter on top; the notification about the
    // pending input could cover the picture, so it goes.
    let frame = await webviewFrame(page(), { selector: '.painter-stage:not(.loading)', timeout: 30_000 });
    await clearNotifications(page());
    const actions = submits(sim, 'action');
    assert.equal(actions.length, 2, 'U1 and Vary (Region), each sent once');
    assert.match(bodyField(actions[1]!, 'customId'), /^MJ::Inpaint::/);
    assert.equal(submits(sim, 'modal').length, 0, 'nothing is sent before Submit');

    const natural = await frame.locator('img.painter-image').evaluate((el) => {
      const i = el as HTMLImageElement;
      return { width: i.naturalWidth, height: i.naturalHeight };
    });
    const overlay = frame.locator('canvas.painter-overlay');
    await overlay.scrollIntoViewIfNeeded();
    let box = await overlay.boundingBox();
    assert.ok(box && box.width > 100, `the painter is too small to paint on: ${JSON.stringify(box)}`);

    // A brush stroke across the upper part, left to right.
    await drag(page(), [at(box, 0.15, 0.25), at(box, 0.3, 0.27), at(box, 0.45, 0.25)]);
    // A rectangle, picked with its shortcut (R) while the webview has focus.
    await page().keyboard.press('r');
    assert.equal(
      await frame.getByRole('button', { name: 'Rectangle' }).getAttribute('aria-pressed'),
      'true',
      'R picks the rectangle',
    );
    await drag(page(), [at(box, 0.6, 0.6), at(box, 0.85, 0.85)]);
    // A stroke in the lower left, taken back with Ctrl+Z: it must not reach the server.
    await page().keyboard.press('b');
    await drag(page(), [at(box, 0.1, 0.8), at(box, 0.3, 0.8)]);
    const undo = frame.getByRole('button', { name: 'Undo' });
    await page().keyboard.press('Control+z');
    await waitFor('Ctrl+Z to take the last stroke back', async () =>
      (await frame.getByRole('button', { name: 'Redo' }).isEnabled()) ? true : undefined,
    );
    assert.equal(await undo.isEnabled(), true, 'the stroke and the rectangle are still there to undo');

    const promptBox = frame.getByLabel('Prompt', { exact: true });
    assert.equal(await promptBox.inputValue(), prompt, 'the prompt starts as the parent’s');
    await promptBox.fill(`${prompt}, a red door`);

    // A hidden webview is rebuilt when shown again: the mask and the edited prompt must survive that.
    const varyTitle = await activeTabTitle(page());
    await page().locator('.tabs-container .tab', { hasText: upscaleTitle }).first().click();
    await waitFor('the upscale tab', async () =>
      (await activeTabTitle(page())) === upscaleTitle ? true : undefined,
    );
    await page().locator('.tabs-container .tab', { hasText: varyTitle }).first().click();
    frame = await webviewFrame(page(), { selector: '.painter-stage:not(.loading)', timeout: 30_000 });
    assert.equal(await frame.getByLabel('Prompt', { exact: true }).inputValue(), `${prompt}, a red door`);
    assert.equal(await frame.getByRole('button', { name: 'Undo' }).isEnabled(), true, 'the mask came back');
    await frame.locator('canvas.painter-overlay').scrollIntoViewIfNeeded();
    box = (await frame.locator('canvas.painter-overlay').boundingBox()) ?? box;
    // The brush outline under the pointer, for the screenshot.
    const hover = at(box, 0.4, 0.45);
    await page().mouse.move(hover.x, hover.y);
    fs.mkdirSync(screenshots, { recursive: true });
    await page()
      .locator('.part.editor')
      .screenshot({ path: path.join(screenshots, 'vary-region.png') });

    await frame.getByRole('button', { name: 'Submit' }).click();
    const modal = await waitFor('the /submit/modal request', async () => submits(sim, 'modal')[0]);
    assert.equal(submits(sim, 'modal').length, 1, 'Submit sends exactly one modal');
    const id = bodyField(modal, 'taskId');
    const child = await simTask(sim, id);
    assert.equal(
      child?.customId,
      bodyField(actions[1]!, 'customId'),
      'the modal answers the task the Vary (Region) button made',
    );
    assert.equal(bodyField(modal, 'prompt'), `${prompt}, a red door`);

    const dataUrl = bodyField(modal, 'maskBase64');
    assert.match(dataUrl, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const png = PNG.sync.read(Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64'));
    assert.deepEqual(
      { width: png.width, height: png.height },
      natural,
      'the mask has the picture’s pixel size',
    );
    const parent = await simTask(sim, String(child?.parentId));
    assert.deepEqual(
      { width: parent?.width, height: parent?.height },
      natural,
      'the painter showed the upscale the button belongs to',
    );

    /** The mask pixel under a point given as fractions of the picture: 'white', 'black' or the RGBA. */
    const pixel = (fx: number, fy: number): string => {
      const x = Math.min(png.width - 1, Math.floor(fx * png.width));
      const y = Math.min(png.height - 1, Math.floor(fy * png.height));
      const i = (y * png.width + x) * 4;
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (r === 255 && g === 255 && b === 255 && a === 255) return 'white';
      if (r === 0 && g === 0 && b === 0 && a === 255) return 'black';
      return `rgba(${r},${g},${b},${a})`;
    };
    for (const [fx, fy] of [
      [0.16, 0.25],
      [0.3, 0.27],
      [0.44, 0.25],
    ] as const)
      assert.equal(pixel(fx, fy), 'white', `the stroke at ${fx},${fy}`);
    assert.equal(pixel(0.72, 0.72), 'white', 'inside the rectangle');
    assert.equal(pixel(0.84, 0.84), 'white', 'the rectangle’s far corner');
    for (const [fx, fy] of [
      [0.02, 0.02],
      [0.95, 0.05],
      [0.3, 0.45],
      [0.5, 0.5],
      [0.2, 0.8],
      [0.95, 0.97],
    ] as const)
      assert.equal(pixel(fx, fy), 'black', `kept at ${fx},${fy}`);
    const white = png.data.reduce((n, v, i) => (i % 4 === 0 && v === 255 ? n + 1 : n), 0);
    const share = white / (png.width * png.height);
    assert.ok(share > 0.06 && share < 0.2, `white covers ${(share * 100).toFixed(1)} % of the mask`);

    // The same panel now follows the running task until it shows the result.
    await frame.locator('.painter').waitFor({ state: 'detached', timeout: 30_000 });
    await waitForResultImage(page(), upscale.src);
    await waitFor('the Vary Region task to finish', async () => {
      const task = await simTask(sim, id);
      return task?.status === 'SUCCESS' ? true : undefined;
    });
    await waitFor('the panel to say Done', async () => {
      const f = await webviewFrame(page(), { selector: '.badge', timeout: 2000 });
      const text = (await f.locator('.badge').first().textContent())?.trim() ?? '';
      return /done/i.test(text) ? text : undefined;
    });
    assert.equal(submits(sim, 'modal').length, 1, 'the modal was never sent again');
  });

  it('a server error keeps the painted mask and sends nothing again; Invert of an empty mask sends all white', async () => {
    const { sim } = s;
    assert.ok(upscaleTitle, 'the first test made the upscale');
    sim.clearRequests();
    await page().locator('.tabs-container .tab', { hasText: upscaleTitle }).first().click();
    const upscale = await waitForResultImage(page());
    await upscale.frame.getByRole('button', { name: /Vary \(Region\)/ }).click();
    const frame = await webviewFrame(page(), { selector: '.painter-stage:not(.loading)', timeout: 30_000 });
    await clearNotifications(page());

    // Submit with nothing painted is refused in the panel, before anything is sent.
    const submit = frame.getByRole('button', { name: 'Submit' });
    await submit.click();
    await waitFor('the empty-mask hint', async () =>
      /Paint the area/.test((await frame.locator('.painter-status').textContent()) ?? '') ? true : undefined,
    );
    assert.equal(submits(sim, 'modal').length, 0);

    await frame.getByRole('button', { name: 'Invert' }).click();
    sim.addFault({ method: 'POST', path: '/mj/submit/modal', fault: { kind: 'status', status: 500 } });
    await submit.click();
    await waitForNotification(page(), /Vary Region failed/i);
    await waitFor('Submit to be enabled again', async () => ((await submit.isEnabled()) ? true : undefined));
    assert.equal(await frame.locator('.painter').count(), 1, 'the painter (and its mask) is still there');
    assert.equal(await frame.getByRole('button', { name: 'Undo' }).isEnabled(), true, 'the invert is kept');
    // Give an automatic re-send the time to show up: there must be none.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(submits(sim, 'modal').length, 1, 'the failed modal was not re-sent');

    // The user decides to send it again.
    await submit.click();
    const sent = await waitFor('the second modal', async () => submits(sim, 'modal')[1]);
    const png = PNG.sync.read(
      Buffer.from(bodyField(sent, 'maskBase64').slice('data:image/png;base64,'.length), 'base64'),
    );
    let white = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 255 && png.data[i + 3] === 255) white++;
    assert.equal(white, png.width * png.height, 'Invert of an empty mask repaints everything');
    await frame.locator('.painter').waitFor({ state: 'detached', timeout: 30_000 });
  });
});
