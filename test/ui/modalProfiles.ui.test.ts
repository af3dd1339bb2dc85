/**
 * Actions that wait for a prompt (MODAL) and server profiles, in the real workbench against the simulator:
 * Custom Zoom on an upscale asks for the prompt at once, refuses --zoom outside 1–2 and sends one
 * /submit/modal; a relay's variation with remix (code 1 hiding a MODAL task) does the same; the status bar's
 * server item switches to a second server from `midjourney.profiles`, and Test Connection names what it
 * offers. A passing run saves docs/screenshots/custom-zoom.png and profiles.png.
 */
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';
import {
  clearNotifications,
  quickInput,
  quickInputState,
  runCommand,
  waitFor,
  waitForTreeRow,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import type { TreeRow } from '../vscode/workbench';
import { bodyField, submits, useStudio } from './harness';

const secondName = 'Second Sim';

describe('Prompted actions (Custom Zoom, Remix) and server profiles in a real VS Code', function () {
  this.timeout(180_000);
  let second: Simulator | undefined;
  // Registered before useStudio's hooks, so the second server runs before the workbench starts with its URL.
  before(async () => {
    second = await startSimulator({ speed: 'fast' });
  });
  const s = useStudio({
    settings: () => ({ 'midjourney.profiles': [{ name: secondName, baseUrl: second!.url }] }),
    apiKey: true,
    tidy: { escape: true, notifications: true, editors: true },
  });
  const { page } = s;
  const sim = (): Simulator => s.sim;

  /** Keys go to the workbench, not into a panel's iframe. */
  const palette = async (title: string): Promise<void> => {
    await page()
      .locator('.part.statusbar')
      .click({ position: { x: 5, y: 5 } });
    await runCommand(page(), title);
  };

  const waitForRow = (what: string, match: (r: TreeRow) => boolean, timeout = 60_000): Promise<TreeRow> =>
    waitForTreeRow(page(), 'Tasks', what, match, { timeout, container: 'Midjourney' });
  const done = (r: TreeRow): boolean => r.description.startsWith('Done');

  /** A panel button once the panel shows it (the panel of the task just opened is the visible webview). */
  const panelButton = async (name: string | RegExp): Promise<Frame> =>
    waitFor(
      `the "${String(name)}" button in the panel`,
      async () => {
        const frame = await webviewFrame(page(), { timeout: 2000 });
        const button = frame.getByRole('button', { name, exact: typeof name === 'string' });
        return (await button.count()) > 0 && (await button.first().isVisible()) ? frame : undefined;
      },
      60_000,
      500,
    );

  /** Imagines from the palette and waits for its finished row. */
  const imagine = async (prompt: string): Promise<void> => {
    await palette('Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    await waitForRow(`the finished "${prompt}"`, (r) => r.label === prompt && done(r));
  };

  // After useStudio's after(), which stops the workbench that still talks to it.
  after(async () => {
    await second?.close();
  });

  it('Custom Zoom asks for the prompt at once, refuses --zoom 3 and sends one modal with --zoom 1.5', async () => {
    const prompt = 'a lighthouse keeper and her cat';
    await imagine(prompt);
    const grid = await panelButton('U1');
    await grid.getByRole('button', { name: 'U1', exact: true }).click();
    await waitForRow('the finished upscale', (r) => r.level === 2 && r.label.startsWith('U1') && done(r));
    sim().clearRequests();
    const upscale = await panelButton(/Custom Zoom/);
    await upscale
      .getByRole('button', { name: /Custom Zoom/ })
      .first()
      .click();

    // No "Continue…" hunt: the prompt box opens by itself, with what the server proposed.
    const box = await quickInputState(page(), /Custom Zoom/);
    assert.match(box.title, /Custom Zoom/);
    const input = page().locator('.quick-input-widget .quick-input-box input');
    const proposed = await input.inputValue();
    assert.ok(proposed.includes(prompt), `pre-filled with the server's prompt, got "${proposed}"`);
    const [action] = submits(sim(), 'action');
    assert.match(bodyField(action!, 'customId'), /CustomZoom/);
    const modalId = sim().taskIds().at(-1)!;

    await input.fill(`${prompt} --zoom 3`);
    await waitFor('the --zoom message', async () => {
      const message = (await quickInputState(page())).message;
      return /--zoom must be between 1 and 2/.test(message) ? message : undefined;
    });
    s.keepScreenshot('custom-zoom', await page().screenshot());
    await input.press('Enter');
    await page().waitForTimeout(500);
    assert.equal(submits(sim(), 'modal').length, 0, 'an invalid --zoom is not sent');

    await input.fill(`${prompt} --zoom 1.5`);
    await input.press('Enter');
    const modal = await waitFor('the modal submit', async () => submits(sim(), 'modal')[0]);
    assert.equal(bodyField(modal, 'taskId'), modalId);
    assert.equal(bodyField(modal, 'prompt'), `${prompt} --zoom 1.5`);
    await waitForRow(
      'the finished Custom Zoom',
      (r) => r.level === 3 && /^Custom Zoom · /.test(r.label) && done(r),
    );
    assert.equal(submits(sim(), 'modal').length, 1, 'exactly one modal submit');
    assert.equal(submits(sim(), 'action').length, 1, 'the action was not sent again');
  });

  it('on a relay, a remix variation answered with code 1 asks for the prompt and sends one modal', async () => {
    sim().setDialect('relay');
    sim().configure({ remix: true, relayLagMs: 0 });
    const prompt = 'a paper crane on a windowsill';
    await imagine(prompt);
    const grid = await panelButton('V1');
    sim().clearRequests();
    await grid.getByRole('button', { name: 'V1', exact: true }).click();

    await quickInputState(page(), /Remix/);
    const remixed = `${prompt}, origami in red paper`;
    await quickInput(page(), remixed, { title: /Remix/ });
    const modal = await waitFor('the modal submit', async () => submits(sim(), 'modal')[0]);
    const changes = sim().requests.filter(
      (r) => r.method === 'POST' && /\/submit\/(action|change)$/.test(r.path),
    );
    assert.equal(changes.length, 1, 'one variation submit');
    assert.equal(bodyField(modal, 'taskId'), sim().taskIds().at(-1));
    assert.equal(bodyField(modal, 'prompt'), remixed);
    await waitForRow('the finished variation', (r) => r.level === 2 && r.label.startsWith('V1') && done(r));
    assert.equal(submits(sim(), 'modal').length, 1, 'exactly one modal submit');
  });

  it('switches to a second server from the status bar and tests its connection', async () => {
    const item = page().locator('.part.statusbar .statusbar-item', { hasText: '127.0.0.1' }).first();
    await item.click();
    const widget = page().locator('.quick-input-widget');
    const choice = widget.locator('.quick-input-list .monaco-list-row', { hasText: secondName });
    await choice.first().waitFor({ state: 'visible', timeout: 15_000 });
    const listed = await widget.locator('.quick-input-list .monaco-list-row').allTextContents();
    assert.ok(
      listed.some((t) => t.includes(sim().url.replace(/^https?:\/\//, ''))),
      `the first server is listed: ${JSON.stringify(listed)}`,
    );
    s.keepScreenshot('profiles', await page().screenshot());
    await choice.first().click();
    await waitFor('the status bar to name the second server', async () =>
      (await page().locator('.part.statusbar .statusbar-item', { hasText: secondName }).count()) > 0
        ? true
        : undefined,
    );

    await palette('Midjourney: Test Connection');
    await waitForNotification(page(), /answers, but .*refused the API key/);
    assert.ok(second!.requests.length > 0, 'the test went to the second server');
    await clearNotifications(page());

    await palette('Midjourney: Set API Key');
    await quickInput(page(), second!.key, { title: 'Set API Key' });
    await waitForNotification(page(), /API key saved/i);
    await clearNotifications(page());
    second!.clearRequests();
    await palette('Midjourney: Test Connection');
    await waitForNotification(page(), /answers and accepts your API key\. Here you can: [^.]+/);
    assert.ok(
      second!.requests.some((r) => r.headers.authorization === second!.key),
      'the second server got its key',
    );
  });
});
