/**
 * Video in the real workbench against the simulator (trueai): imagine → U1 → the server's Animate button →
 * four clips downloaded by the host and played inline from their local copies (the `<video>` elements load
 * metadata and know their length), Extend on a clip makes a child task, Save Video As… writes the clip's exact
 * bytes; and Animate… on an image file in the Explorer sends /submit/video with the file as first frame.
 * A passing run saves docs/screenshots/video.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { renderGrid } from '../../sim/png';
import {
  clearNotifications,
  clickMenuItem,
  closeAllEditors,
  notifications,
  openView,
  quickInput,
  quickInputState,
  runCommand,
  treeRows,
  waitFor,
  waitForTreeRow,
  webviewFrame,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { bodyField, submits, useStudio } from './harness';

interface ClipState {
  readyState: number;
  duration: number;
  src: string;
  width: number;
}

async function clipStates(frame: Frame): Promise<ClipState[]> {
  return frame.evaluate(() =>
    [...document.querySelectorAll('video.clip')].map((el) => {
      const v = el as HTMLVideoElement;
      return { readyState: v.readyState, duration: v.duration, src: v.currentSrc, width: v.videoWidth };
    }),
  );
}

function waitForRow(
  page: Page,
  what: string,
  match: (row: TreeRow, rows: TreeRow[]) => boolean,
): Promise<TreeRow> {
  return waitForTreeRow(page, 'Tasks', what, match);
}

/** Runs a palette command with focus out of any webview (keys in a panel go to its iframe). */
async function palette(page: Page, title: string): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, title);
}

describe('Video in a real VS Code', function () {
  this.timeout(180_000);
  const s = useStudio({
    settings: { 'workbench.list.openMode': 'doubleClick', 'explorer.autoReveal': false },
    files: { 'frame.png': renderGrid(4242, 96, 64) },
    apiKey: true,
    tidy: { notifications: true },
  });
  const { page } = s;

  it('imagine → U1 → Animate: four clips play from local copies; Extend makes a child; Save… copies a clip', async () => {
    const { sim } = s;
    sim.clearRequests();
    const prompt = 'waves on a rocky shore';
    await palette(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    const grid = await webviewFrame(page(), { selector: 'button:text-is("U1")', timeout: 60_000 });
    await grid.getByRole('button', { name: 'U1', exact: true }).click();

    const upscale = await webviewFrame(page(), {
      selector: 'button:has-text("Animate (Low motion)")',
      timeout: 60_000,
    });
    // The Animate buttons sit in their own group, under the heading "Video".
    assert.equal(
      await upscale.locator('.group-video .group-title').textContent(),
      'Video',
      'Animate buttons in the Video group',
    );
    await upscale.getByRole('button', { name: /Animate \(Low motion\)/ }).click();
    await waitFor('the animate submit', async () => (submits(sim, 'action').length >= 2 ? true : undefined));
    const animate = submits(sim, 'action')[1]!;
    assert.match(bodyField(animate, 'customId'), /^MJ::JOB::animate_low::1::/);

    const panel = await webviewFrame(page(), { selector: 'video.clip', timeout: 60_000 });
    const clips = await waitFor(
      'four clips with metadata',
      async () => {
        const s = await clipStates(panel);
        return s.length === 4 && s.every((c) => c.readyState >= 1 && c.duration > 0) ? s : undefined;
      },
      30_000,
    );
    for (const c of clips) {
      assert.ok(!c.src.includes('/sim-videos/'), `played from the local copy, not the server: ${c.src}`);
      assert.ok(c.width > 0, 'the decoder knows the frame size');
    }
    // The simulator's clips last 1, 1.25, 1.5 and 1.75 s.
    assert.deepEqual(
      clips.map((c) => Math.round(c.duration * 100) / 100),
      [1, 1.25, 1.5, 1.75],
    );
    await openView(page(), 'Midjourney').catch(() => undefined);
    const videoRow = await waitForRow(page(), 'the video row with its camera icon', (r) =>
      r.icons.includes('codicon-device-camera-video'),
    );
    assert.equal(videoRow.level, 3, 'nested under the upscale');
    // The first frame decodes too (HAVE_CURRENT_DATA): the VP8 stream itself is valid, not only the container.
    await waitFor('decoded first frames', async () =>
      (await clipStates(panel)).every((c) => c.readyState >= 2) ? true : undefined,
    );
    await clearNotifications(page()).catch(() => undefined);
    s.keepScreenshot('video', await page().screenshot());

    // Save… under clip 3: VS Code's simple save dialog (a path box in the quick input) → the clip's bytes.
    const target = path.join(s.studio.workspace, 'saved-clip.webm');
    await panel.getByRole('button', { name: 'Save…' }).nth(2).click();
    const input = page().locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills in its default name (after the prompt) a moment after it opens: replace it only then.
    await waitFor('the default file name', async () =>
      (await input.inputValue()).endsWith('-3.webm') ? true : undefined,
    );
    await input.fill(target);
    await page().waitForTimeout(300);
    assert.equal(await input.inputValue(), target);
    // The simple dialog may take the first Enter to accept its path completion: press again while it shows.
    const saved = await waitFor(
      'the saved clip',
      async () => {
        if (fs.existsSync(target) && fs.statSync(target).size > 0) return fs.readFileSync(target);
        if (await input.isVisible()) await input.press('Enter').catch(() => undefined);
        return undefined;
      },
      20_000,
      500,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await notifications(page()))}`);
    });
    // The newest task on the server is the video (imagine, U1, then Animate).
    const videoId = sim.taskIds().at(-1)!;
    const served = Buffer.from(await (await fetch(`${sim.url}/sim-videos/${videoId}/2.webm`)).arrayBuffer());
    assert.ok(saved.equals(served), 'Save Video As… wrote clip 3 exactly as the server sent it');

    // Extend clip 2 with high motion: one /submit/video naming the stored task and clip index 1.
    const videoSubmitsBefore = submits(sim, 'video').length;
    await panel.getByRole('button', { name: 'Extend (High motion)' }).nth(1).click();
    await waitFor('the extend submit', async () =>
      submits(sim, 'video').length > videoSubmitsBefore ? true : undefined,
    );
    const ext = submits(sim, 'video').at(-1)!.body as Record<string, unknown>;
    assert.equal(ext.action, 'extend');
    assert.equal(ext.index, 1);
    assert.equal(ext.motion, 'high');
    assert.equal(ext.taskId, videoId, 'the extend names the video task shown');
    const named = (await (
      await fetch(`${sim.url}/mj/task/${String(ext.taskId)}/fetch`, { headers: { authorization: sim.key } })
    ).json()) as { action?: string };
    assert.equal(named.action, 'VIDEO', 'the extend names the video task');
    await waitForRow(page(), 'the extend child row', (r) => r.level === 4 && r.label.startsWith('Extend 2'));
    assert.equal(submits(sim, 'video').length, videoSubmitsBefore + 1, 'sent once');
  });

  it('on a relay that lists Animate but refuses it, the panel button makes the video through /submit/video once', async () => {
    const { sim } = s;
    const dialect = sim.dialect;
    sim.setDialect('relay');
    try {
      sim.clearRequests();
      await closeAllEditors(page());
      const prompt = 'a lighthouse beam in fog';
      await palette(page(), 'Midjourney: Imagine…');
      await quickInput(page(), prompt, { title: 'Imagine' });
      const grid = await webviewFrame(page(), {
        selector: 'button.action-button:text-is("U1")',
        timeout: 60_000,
      });
      await grid.locator('button.action-button', { hasText: /^U1$/ }).click();
      const upscale = await webviewFrame(page(), {
        selector: 'button:has-text("Animate (High motion)")',
        timeout: 60_000,
      });
      const videosBefore = (await treeRows(page(), 'Tasks').catch(() => [] as TreeRow[])).filter((r) =>
        r.icons.includes('codicon-device-camera-video'),
      ).length;
      await upscale.getByRole('button', { name: /Animate \(High motion\)/ }).click();

      // The relay answers the button with 400 unknown_action (nothing charged): the video prompt box opens.
      const box = await quickInputState(page(), /Animate/);
      assert.match(box.message, /What should happen in the video/);
      await quickInput(page(), `${prompt}, slow camera push`, { title: /Animate/ });
      const video = await waitFor('the /submit/video', async () => submits(sim, 'video')[0]);
      const body = video.body as Record<string, unknown>;
      assert.equal(body.motion, 'high');
      assert.equal(body.prompt, `${prompt}, slow camera push`);
      assert.ok(typeof body.image === 'string' && body.image.length > 0, 'the picture is the first frame');
      const pressed = submits(sim, 'action').filter((r) => /animate_high/.test(bodyField(r, 'customId')));
      assert.equal(pressed.length, 1, 'the Animate button was tried once');
      await waitForRow(
        page(),
        'the finished video row',
        (_r, rows) =>
          rows.filter((x) => x.icons.includes('codicon-device-camera-video')).length > videosBefore,
      );
      assert.equal(submits(sim, 'video').length, 1, 'one video submit');
      const errors = (await notifications(page())).filter((n) => /failed|does not support/i.test(n));
      assert.deepEqual(errors, [], 'the refusal is not shown as an error');
    } finally {
      sim.setDialect(dialect);
    }
  });

  it('Animate… on an image file in the Explorer sends /submit/video with the file as first frame', async () => {
    const { sim } = s;
    sim.clearRequests();
    await closeAllEditors(page()).catch(() => undefined);
    await palette(page(), 'View: Show Explorer');
    const row = page().locator('.explorer-folders-view .monaco-list-row', { hasText: 'frame.png' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click({ button: 'right' });
    await clickMenuItem(page(), 'Animate…');
    await quickInput(page(), 'High motion', { title: /Animate frame\.png/ });
    await quickInput(page(), 'the sails fill with wind', { title: /Animate frame\.png/ });
    await waitFor('the video submit', async () => (submits(sim, 'video').length > 0 ? true : undefined));
    const sent = submits(sim, 'video');
    assert.equal(sent.length, 1);
    const body = sent[0]!.body as Record<string, unknown>;
    assert.equal(body.prompt, 'the sails fill with wind');
    assert.equal(body.motion, 'high');
    const file = fs.readFileSync(path.join(s.studio.workspace, 'frame.png'));
    assert.equal(body.image, `data:image/png;base64,${file.toString('base64')}`, 'the exact file bytes');
    const panel = await webviewFrame(page(), { selector: 'video.clip', timeout: 60_000 });
    await waitFor('a clip with metadata', async () => {
      const s = await clipStates(panel);
      return s.length === 4 && s[0]!.duration > 0 ? true : undefined;
    });
  });
});
