/**
 * The extension in Chinese, in the real workbench started with `--locale zh-cn` (no Chinese language pack:
 * the workbench's own words stay English, ours follow the locale): the Tasks view's welcome text and name
 * come from package.nls.zh-cn.json, the palette lists "Midjourney: 想象…", and the input box, notification
 * and tree row the commands show come from l10n/bundle.l10n.zh-cn.json, and so does the result panel (the host
 * puts the bundle in the webview's page). A passing run saves docs/screenshots/chinese.png.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot } from '../vscode/tools';
import {
  clearNotifications,
  openView,
  quickInput,
  quickInputState,
  runCommand,
  treeRows,
  viewPane,
  waitFor,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import { submits, useStudio } from './harness';

const PROMPT = 'a red lantern in the snow';

describe('Chinese UI (real VS Code, --locale zh-cn)', function () {
  this.timeout(180_000);
  const s = useStudio({ locale: 'zh-cn' });
  const { page } = s;

  it('the Tasks view is named and welcomes in Chinese (package.nls.zh-cn.json)', async () => {
    await openView(page(), 'Midjourney');
    const pane = viewPane(page(), '任务');
    await pane.waitFor({ state: 'visible', timeout: 20_000 });
    const welcome = pane.locator('.welcome-view-content');
    await welcome.getByText('还没有 Midjourney 任务。').waitFor({ state: 'visible', timeout: 20_000 });
    const buttons = await welcome.locator('.monaco-button').allTextContents();
    assert.deepEqual(
      buttons.map((b) => b.trim()),
      ['设置 API 密钥', '想象…'],
    );
  });

  it('the palette runs "Midjourney: 想象…", whose box, notifications and tree row are Chinese (l10n bundle)', async () => {
    await runCommand(page(), 'Midjourney: 设置 API 密钥');
    const keyBox = await quickInputState(page(), 'Midjourney: 设置 API 密钥');
    assert.match(keyBox.message, /的密钥。它保存在 VS Code 的机密存储中/);
    await quickInput(page(), s.sim.key);
    await waitForNotification(page(), /Midjourney：已为 .* 保存 API 密钥。/);

    await runCommand(page(), 'Midjourney: 想象…');
    const box = await quickInputState(page(), 'Midjourney: 想象');
    assert.equal(box.title, 'Midjourney: 想象');
    assert.equal(box.placeholder, '黎明时分悬崖上的灯塔，油画');
    // The workbench appends its own (English, no language pack) hint: "(Press 'Enter' to confirm…)".
    assert.ok(box.message.startsWith('描述图片。也可以使用 --ar 16:9 等参数。'), box.message);
    await quickInput(page(), PROMPT, { title: 'Midjourney: 想象' });

    // The submit really went out, once, with the prompt typed in the Chinese box.
    await waitFor('the imagine submit', async () => (submits(s.sim, 'imagine').length ? true : undefined));
    assert.equal(submits(s.sim, 'imagine').length, 1);

    // The row's status word comes from the core's t() (src/core/model/words.ts): 已完成 (Done), and the time 刚刚 (just now).
    await openView(page(), 'Midjourney');
    const row = await waitFor(
      'the task row to say 已完成',
      async () =>
        (await treeRows(page(), '任务')).find(
          (r) => r.label.includes('red lantern') && r.description.startsWith('已完成'),
        ),
      60_000,
      500,
    );
    assert.match(row.description, /^已完成 · (刚刚|\d+ 分钟前)$/);
    await page().keyboard.press('Escape');
    await page().screenshot({ path: path.join(repoRoot, 'docs', 'screenshots', 'chinese.png') });
  });

  it("the task's result panel speaks Chinese from the bundle in its page (headings, buttons, status, times)", async () => {
    await openView(page(), 'Midjourney');
    const row = viewPane(page(), '任务').locator('.monaco-list-row', { hasText: 'red lantern' }).first();
    await row.click();
    const frame = await webviewFrame(page(), {
      selector: '[data-section="buttons"] .group-title',
      timeout: 60_000,
    });
    const panel = await frame.evaluate(() => {
      const texts = (selector: string) =>
        [...document.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim());
      return {
        lang: document.documentElement.lang,
        badge: texts('.badge')[0],
        meta: texts('.meta')[0],
        headings: texts('#app h2'),
        groups: texts('.group-title'),
        buttons: texts('#app button'),
        times: texts('.times-list dt'),
        relative: texts('.times-list time'),
        live: texts('[role="status"][aria-live]'),
        prompt: texts('.prompt-text')[0],
      };
    });
    assert.equal(panel.lang, 'zh-cn');
    assert.equal(panel.badge, '已完成');
    assert.match(panel.meta ?? '', /^任务 \S+/);
    assert.ok(panel.headings.includes('提示词'), `headings: ${panel.headings.join(' | ')}`);
    assert.ok(panel.headings.includes('操作'), `headings: ${panel.headings.join(' | ')}`);
    // The groups of the simulator's grid (U1…U4, V1…V4, reroll): our Chinese titles, none left English.
    assert.deepEqual(panel.groups.slice(0, 2), ['放大', '变体'], `groups: ${panel.groups.join(' | ')}`);
    assert.ok(
      !panel.groups.some((g) => /^(Upscale|Variations|Reroll|Vary|Zoom|Pan|Video|Other)$/.test(g)),
      `groups: ${panel.groups.join(' | ')}`,
    );
    // Our buttons are Chinese; the server's labels (U1, V1…) stay as sent.
    for (const label of ['复制', '插入到编辑器', '另存为…', 'U1', 'V1'])
      assert.ok(panel.buttons.includes(label), `no "${label}" in: ${panel.buttons.join(' | ')}`);
    assert.deepEqual(panel.times.slice(0, 3), ['已提交', '已开始', '已完成']);
    assert.ok(panel.times.includes('耗时'), `times: ${panel.times.join(' | ')}`);
    assert.ok(
      panel.relative.every((r) => /^(刚刚|\d+ 分钟前)$/.test(r)),
      `relative times: ${panel.relative.join(' | ')}`,
    );
    assert.deepEqual(panel.live, ['状态：已完成']);
    assert.equal(panel.prompt, PROMPT, 'the prompt is shown as typed');
  });

  it('a key the server refuses is explained in Chinese by the core, with a Chinese Set API Key button', async () => {
    await clearNotifications(page());
    await runCommand(page(), 'Midjourney: 设置 API 密钥');
    await quickInput(page(), 'not-the-right-key', { title: '设置 API 密钥' });
    await waitForNotification(page(), /Midjourney：已为 .* 保存 API 密钥。/);
    await clearNotifications(page());
    const before = submits(s.sim, 'imagine').length;

    await runCommand(page(), 'Midjourney: 想象…');
    await quickInput(page(), 'a paper boat on a pond', { title: 'Midjourney: 想象' });
    // The sentence comes from the core (httpErrors.ts through shared/l10n.ts), the button from the host.
    const toast = await waitForNotification(
      page(),
      /服务器拒绝了 API 密钥（HTTP 40[13]）。请设置有效的密钥。/,
    );
    const text = (await toast.textContent()) ?? '';
    assert.doesNotMatch(text, /The server|Set a valid key/, text);
    await toast.getByRole('button', { name: '设置 API 密钥' }).waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(submits(s.sim, 'imagine').length, before + 1, 'the refused submit went out once');
  });
});
