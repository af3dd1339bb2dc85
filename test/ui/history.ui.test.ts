/**
 * The task history in the real workbench against the simulator: Search Tasks finds a task by words of its
 * prompt and opens it; the Starred filter shows only starred rows; the panel of a third-generation task
 * (imagine → U2 → Zoom Out) links to every ancestor and a link opens that ancestor's panel.
 */
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import {
  activeTabTitle,
  closeAllEditors,
  openView,
  quickInput,
  runCommand,
  treeRows,
  waitFor,
  webviewFrame,
} from '../vscode/workbench';
import { submits, useStudio } from './harness';

const FOX = 'a red fox asleep in fresh snow';
const KOI = 'a koi pond under maple leaves';

/**
 * Runs a palette command after taking focus out of any webview (keys pressed while a panel has focus go to its
 * iframe, so F1 would never reach the workbench).
 */
async function palette(page: Page, title: string): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, title);
}

describe('Task history (UI)', function () {
  this.timeout(240_000);
  const s = useStudio({ apiKey: true });
  const { page } = s;

  /** The prompt text of the visible panel. */
  const panelPrompt = async (): Promise<Frame> =>
    webviewFrame(page(), { selector: '.prompt-text', timeout: 30_000 });

  async function imagine(prompt: string): Promise<void> {
    await palette(page(), 'Midjourney: Imagine…');
    await quickInput(page(), prompt, { title: 'Imagine' });
    await waitFor(`the panel of "${prompt}"`, async () =>
      (await activeTabTitle(page())) === prompt ? true : undefined,
    ).catch(async (e: Error) => {
      await page().screenshot({ path: 'test-results/history-imagine.png' });
      throw new Error(`${e.message} (active tab: ${await activeTabTitle(page())})`);
    });
  }

  async function doneRow(label: (l: string) => boolean, what: string): Promise<void> {
    await waitFor(
      what,
      async () =>
        (await treeRows(page(), 'Tasks')).some(
          (r) => label(r.label) && r.icons.includes('codicon-file-media'),
        ) || undefined,
      60_000,
    );
  }

  before(async function () {
    this.timeout(300_000);
    await openView(page(), 'Midjourney');
    await imagine(FOX);
    await imagine(KOI);
    await doneRow((l) => l === FOX, 'the fox grid to finish');
    await doneRow((l) => l === KOI, 'the koi grid to finish');
    await closeAllEditors(page());
  });

  it('Search Tasks finds a task by words of its prompt and opens its panel', async () => {
    await palette(page(), 'Midjourney: Search Tasks…');
    const widget = page().locator('.quick-input-widget');
    await widget.locator('.quick-input-box input').fill('maple koi');
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    await waitFor('exactly the koi task listed', async () => {
      const texts = await rows.allTextContents();
      return texts.length === 1 && texts[0]!.includes('koi pond') ? true : undefined;
    });
    assert.match((await rows.first().textContent()) ?? '', /Done/);
    await widget.locator('.quick-input-box input').press('Enter');
    await waitFor('the koi panel', async () => ((await activeTabTitle(page())) === KOI ? true : undefined));
    const frame = await panelPrompt();
    assert.equal(await frame.locator('.prompt-text').first().textContent(), KOI);
    await closeAllEditors(page());
  });

  it('the Starred filter shows only starred rows', async () => {
    await palette(page(), 'Midjourney: Star Task');
    await quickInput(page(), 'fox');
    await waitFor('a star on the fox row', async () =>
      (await treeRows(page(), 'Tasks')).some((r) => r.label === FOX && r.description.startsWith('★'))
        ? true
        : undefined,
    );

    await palette(page(), 'Midjourney: Filter Tasks…');
    const widget = page().locator('.quick-input-widget');
    const starred = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Starred' }).first();
    await starred.waitFor({ state: 'visible', timeout: 15_000 });
    // A click on the row ticks its checkbox in a multi-select quick pick.
    await starred.click();
    await widget
      .locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: 'Starred' })
      .waitFor();
    await widget.locator('.quick-input-box input').press('Enter');

    const rows = await waitFor('only the starred row', async () => {
      const r = await treeRows(page(), 'Tasks');
      return r.length === 1 ? r : undefined;
    });
    assert.equal(rows[0]!.label, FOX);
    assert.match(rows[0]!.description, /^★/);
    const header = page().locator('.part.sidebar .pane-header', { hasText: /Tasks/i }).first();
    assert.match((await header.textContent()) ?? '', /Filter: Starred/);

    await palette(page(), 'Midjourney: Clear Task Filter');
    await waitFor('every row back', async () =>
      (await treeRows(page(), 'Tasks')).some((r) => r.label === KOI) ? true : undefined,
    );
  });

  it('the panel of a third-generation task links to each ancestor, and a link opens it', async () => {
    const { sim } = s;
    sim.clearRequests();
    // A click on the tree row opens the task's panel.
    await page().locator('.part.sidebar .pane-body .monaco-list-row', { hasText: FOX }).first().click();
    let frame = await webviewFrame(page(), { selector: 'button' });
    await frame.getByRole('button', { name: 'U2', exact: true }).click();
    await waitFor('the upscale panel', async () =>
      (await activeTabTitle(page())).startsWith('U2') ? true : undefined,
    );
    frame = await webviewFrame(page(), { selector: '.lineage' });
    const zoom = frame.getByRole('button', { name: /Zoom Out 2x/ });
    await zoom.waitFor({ state: 'visible', timeout: 60_000 });
    await zoom.click();
    await waitFor('the zoom panel', async () =>
      /Zoom Out 2x/.test(await activeTabTitle(page())) ? true : undefined,
    );
    assert.equal(submits(sim, 'action').length, 2, 'one U2 and one zoom submit');

    frame = await webviewFrame(page(), { selector: '.lineage .ancestor' });
    const links = await frame.locator('.lineage button').allTextContents();
    assert.equal(links.length, 2, `links: ${JSON.stringify(links)}`);
    assert.match(links[0]!, /red fox/);
    assert.match(links[1]!, /^U2/);
    await frame.locator('.lineage button').first().click();
    await waitFor('the grid panel from its lineage link', async () =>
      (await activeTabTitle(page())) === FOX ? true : undefined,
    );
    const grid = await panelPrompt();
    assert.equal(await grid.locator('.prompt-text').first().textContent(), FOX);
    assert.equal(submits(sim, 'action').length, 2, 'opening an ancestor submits nothing');
  });
});
