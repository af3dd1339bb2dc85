/**
 * Prompt files in the real workbench against the simulator: a `.mjprompt` file gets an error squiggle and a
 * Problems entry for `--ar 1:0`; completion after `--` offers `--oref` on a `--v 7` line and not on `--v 6`;
 * ▶ Imagine makes exactly one submit, a `{a,b}` line asks first and then makes two; the status lens turns
 * ✓ when the simulator finishes; Insert result below writes the link under the prompt. A passing run saves
 * docs/screenshots/prompt-files.png (lenses and a squiggle).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { escapeRegExp, openFile, runCommand, waitFor, waitForTreeRow } from '../vscode/workbench';
import { bodyField, submits, useStudio } from './harness';

const RUN = [
  '# Prompts for the UI test',
  'a quiet lighthouse at dusk --v 7',
  'an owl in {amber,silver} light --v 6',
  'a fox in snow --ar 1:0',
  '',
].join('\n');
const MARKDOWN = ['# Notes', '', '```midjourney', 'a cat on a roof --ar 1:0', '```', ''].join('\n');

const editor = (page: Page): Locator => page.locator('.part.editor .editor-instance .monaco-editor').first();

/** The view line showing `text` in the active editor. */
/**
 * The editor line that starts with `text` (after an optional "# "). Not any line containing it: the result link
 * "# → ![a quiet lighthouse…](…)" also contains its prompt, and VS Code reorders its line elements when lines are
 * inserted above, so "the first one holding the text" changes from run to run.
 */
function viewLine(page: Page, text: string): Locator {
  const space = '[\\s\\u00a0]';
  const words = escapeRegExp(text).replace(/ /g, `${space}+`);
  return editor(page)
    .locator('.view-line', { hasText: new RegExp(`^${space}*(#${space}+)?${words}`) })
    .first();
}

/** The CodeLens titled `title` (a RegExp matched against its text) right above the line showing `line`. */
async function lensAbove(page: Page, line: string, title: RegExp): Promise<Locator | undefined> {
  const lineBox = await viewLine(page, line).boundingBox();
  if (!lineBox) return undefined;
  const lenses = editor(page).locator('.codelens-decoration a');
  let best: { lens: Locator; y: number } | undefined;
  for (const lens of await lenses.all()) {
    const text = ((await lens.textContent().catch(() => '')) ?? '').trim();
    if (!title.test(text)) continue;
    const box = await lens.boundingBox();
    if (!box || box.y > lineBox.y || lineBox.y - box.y > lineBox.height * 1.6) continue;
    if (!best || box.y > best.y) best = { lens, y: box.y };
  }
  return best?.lens;
}

async function waitForLens(page: Page, line: string, title: RegExp, timeout = 60_000): Promise<Locator> {
  return waitFor(
    `a lens ${String(title)} above "${line}"`,
    () => lensAbove(page, line, title),
    timeout,
    300,
  ).catch(async (e: Error) => {
    const all = await editor(page).locator('.codelens-decoration').allTextContents();
    throw new Error(`${e.message}; lenses: ${JSON.stringify(all)}`);
  });
}

/** The texts of the suggestion widget's rows, once it shows some (asking with Ctrl+Space if typing did not). */
async function suggestions(page: Page): Promise<string[]> {
  const rows = page.locator('.part.editor .suggest-widget .monaco-list-row');
  const shown = await rows
    .first()
    .waitFor({ state: 'visible', timeout: 3000 })
    .then(() => true)
    .catch(() => false);
  if (!shown) await page.keyboard.press('Control+Space');
  await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
  return (await rows.allTextContents()).map((t) => t.trim());
}

describe('Prompt files: the midjourney language (real VS Code)', function () {
  this.timeout(240_000);
  const s = useStudio({
    files: {
      'run.mjprompt': Buffer.from(RUN),

      'notes.md': Buffer.from(MARKDOWN),
    },
    apiKey: true,
    tidy: { escape: true },
  });
  const { page } = s;
  const ws = (...p: string[]) => path.join(s.studio.workspace, ...p);

  it('shows an error squiggle and a Problems entry for --ar 1:0, in a .mjprompt file and a ```midjourney block', async () => {
    await openFile(page(), 'run.mjprompt');
    await editor(page()).locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await openFile(page(), 'notes.md');
    await editor(page()).locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    await runCommand(page(), 'Problems: Focus on Problems View');
    const markers = page().locator('.markers-panel .monaco-list-row');
    const texts = await waitFor(
      'Problems entries for both files',
      async () => {
        const all = (await markers.allTextContents()).join('\n');
        return /run\.mjprompt/.test(all) && /notes\.md/.test(all) && /midjourney/.test(all) ? all : undefined;
      },
      30_000,
    );
    assert.match(texts, /Ln 4/, texts);
  });

  it('▶ Imagine makes exactly one submit, its lens turns ✓, and Insert result below writes the link', async () => {
    await openFile(page(), 'run.mjprompt');
    const before = submits(s.sim, 'imagine').length;
    const lens = await waitForLens(page(), 'a quiet lighthouse', /^▶ Imagine$/);
    await lens.click();
    await waitFor('one imagine submit', async () =>
      submits(s.sim, 'imagine').length > before ? true : undefined,
    );
    const done = await waitForLens(page(), 'a quiet lighthouse', /^✓ 4 images$/, 90_000);
    assert.ok(done);
    const sent = submits(s.sim, 'imagine').slice(before);
    assert.equal(sent.length, 1, JSON.stringify(sent.map((r) => bodyField(r, 'prompt'))));
    assert.match(bodyField(sent[0], 'prompt'), /^a quiet lighthouse at dusk --v 7/);

    await (await waitForLens(page(), 'a quiet lighthouse', /^Insert result below$/)).click();
    const file = ws('run.mjprompt');
    const text = await waitFor(
      'the result link under the prompt on disk',
      async () => {
        await page().keyboard.press('Control+S');
        const t = fs.readFileSync(file, 'utf8');
        return /# → !\[/.test(t) ? t : undefined;
      },
      30_000,
      500,
    );
    const lines = text.split('\n');
    const at = lines.indexOf('a quiet lighthouse at dusk --v 7');
    assert.match(lines[at + 1], /^# → !\[a quiet lighthouse at dusk[^\]]*\]\(([^)]+\.png)\)$/, text);
    const rel = /\(([^)]+)\)$/.exec(lines[at + 1])?.[1] ?? '';
    assert.ok(fs.existsSync(path.join(ws(), decodeURIComponent(rel))), `${rel} exists in the workspace`);
    // The text of the prompt did not change: its lenses stay on its line.
    await waitForLens(page(), 'a quiet lighthouse', /^✓ 4 images$/);
    assert.equal(submits(s.sim, 'imagine').length, before + 1);
  });

  it('the status lens follows its prompt when lines above move, and goes when the prompt text changes', async () => {
    await openFile(page(), 'run.mjprompt');
    await waitForLens(page(), 'a quiet lighthouse', /^✓ 4 images$/);
    await viewLine(page(), 'Prompts for the UI test').click();
    await page().keyboard.press('Home');
    await page().keyboard.type('# a line above\n');
    await viewLine(page(), 'a line above').waitFor();
    await waitForLens(page(), 'a quiet lighthouse', /^✓ 4 images$/);
    await viewLine(page(), 'a quiet lighthouse').click();
    await page().keyboard.press('End');
    await page().keyboard.type(' at sea');
    // The lens follows the editor's CodeLens refresh, which a busy extension host delays: wait as long as
    // waitForLens does, and say which lenses were showing if it never changes.
    await waitFor(
      'the status lens to go from the edited prompt',
      async () =>
        (await lensAbove(page(), 'a quiet lighthouse', /^▶ Imagine$/)) &&
        !(await lensAbove(page(), 'a quiet lighthouse', /^✓/))
          ? true
          : undefined,
      60_000,
      300,
    ).catch(async (e: Error) => {
      const all = await editor(page()).locator('.codelens-decoration').allTextContents();
      throw new Error(`${e.message}; lenses: ${JSON.stringify(all)}`);
    });
    // Typed back to the text the task remembers: its lens returns.
    for (let i = 0; i < ' at sea'.length; i++) await page().keyboard.press('Backspace');
    await waitForLens(page(), 'a quiet lighthouse', /^✓ 4 images$/);
    await viewLine(page(), 'a line above').click();
    await page().keyboard.press('Control+Shift+K');
    await page().keyboard.press('Control+S');
    await waitFor(
      'run.mjprompt saved as before',
      async () => (fs.readFileSync(ws('run.mjprompt'), 'utf8').includes('a line above') ? undefined : true),
      10_000,
    );
  });

  it('a {a,b} line asks "This starts 2 jobs" first, then makes two submits under one Permutation ×2 row', async () => {
    await openFile(page(), 'run.mjprompt');
    const before = submits(s.sim, 'imagine').length;
    await (await waitForLens(page(), 'an owl in', /^▶ Imagine ×2$/)).click();
    const dialog = page().locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', /This starts 2 jobs/);
    await page().waitForTimeout(1000);
    assert.equal(submits(s.sim, 'imagine').length, before, 'nothing is sent before the answer');
    await dialog.locator('.monaco-button', { hasText: 'Start 2 Jobs' }).click();
    await waitFor('two imagine submits', async () =>
      submits(s.sim, 'imagine').length >= before + 2 ? true : undefined,
    );
    const prompts = submits(s.sim, 'imagine')
      .slice(before)
      .map((r) => bodyField(r, 'prompt'))
      .sort();
    assert.equal(prompts.length, 2);
    assert.match(prompts[0], /^an owl in amber light --v 6/);
    assert.match(prompts[1], /^an owl in silver light --v 6/);
    await waitForTreeRow(page(), 'Tasks', 'the Permutation ×2 row', (r) => /Permutation ×2/.test(r.label), {
      container: 'Midjourney',
    });
    await openFile(page(), 'run.mjprompt');
    await waitForLens(page(), 'an owl in', /^✓ 8 images$/, 90_000);
    // The picture for the README: lenses over each prompt and the squiggle under --ar 1:0.
    await page().keyboard.press('Escape');
    await page().mouse.move(5, 5);
    s.keepScreenshot('prompt-files', await page().locator('.part.editor').screenshot());
    await page().waitForTimeout(1500);
    assert.equal(submits(s.sim, 'imagine').length, before + 2);
  });

  it('a line with an error is not submitted', async () => {
    await openFile(page(), 'run.mjprompt');
    const before = submits(s.sim, 'imagine').length;
    await (await waitForLens(page(), 'a fox in snow', /^▶ Imagine$/)).click();
    await page()
      .locator('.notifications-toasts', { hasText: /fix this prompt first/i })
      .waitFor({ timeout: 15_000 });
    assert.equal(submits(s.sim, 'imagine').length, before);
  });
  it('New Prompt File teaches the syntax; completion after -- lists --oref on a --v 7 line, not on --v 6', async () => {
    await runCommand(page(), 'Midjourney: New Prompt File');
    await viewLine(page(), 'A Midjourney prompt file').waitFor({ timeout: 15_000 });
    await waitForLens(page(), 'a lighthouse on a cliff', /^▶ Imagine$/);
    await waitForLens(page(), 'a {red, blue} bird', /^▶ Imagine ×4$/);
    await editor(page()).click();
    await page().keyboard.press('Control+End');
    await page().keyboard.type('\na red fox --v 7 --o');
    const v7 = await suggestions(page());
    assert.ok(
      v7.some((t) => t.startsWith('--oref')),
      `V7 suggestions: ${JSON.stringify(v7)}`,
    );
    await page().keyboard.press('Escape');
    await page().keyboard.type('\na grey wolf --v 6 --');
    const v6 = await suggestions(page());
    assert.ok(
      v6.some((t) => t.startsWith('--ar')),
      `V6 suggestions: ${JSON.stringify(v6)}`,
    );
    await page().keyboard.type('o');
    await page().waitForTimeout(800);
    const v6o = await page().locator('.part.editor .suggest-widget .monaco-list-row').allTextContents();
    assert.ok(!v6o.some((t) => t.trim().startsWith('--oref')), `V6 suggestions: ${JSON.stringify(v6o)}`);
    await page().keyboard.press('Escape');
    await runCommand(page(), 'View: Revert and Close Editor');
  });
});
