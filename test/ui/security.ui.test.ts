/**
 * Security in the real workbench (code-server + Chromium): hostile server text in every field the panel and
 * the tree show never runs and stays visible as text; a canary key set from the palette is found nowhere but
 * in the requests to the configured server after a whole session (submit, action, error, redirect, reload).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startRecorder, type Recorder } from '../vscode/recorder';
import {
  clearNotifications,
  closeAllEditors,
  openView,
  quickInput,
  runCommand,
  treeRows,
  viewPane,
  waitFor,
  waitForActivityIcon,
  waitForNotification,
  webviewFrame,
} from '../vscode/workbench';
import { submits, useStudio } from './harness';
import { filesContaining, framesContaining, indexedDbContaining, listFiles } from './leakScan';
import { imageUrlPayloads, textPayloads } from './xssPayloads';

const CANARY = 'mjs-canary-key-5e0c1a9b77d4';

/** Runs a palette command even when a webview has focus (its iframe swallows F1). */
async function command(page: Page, title: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await runCommand(page, title);
}

/** What one hostile task carries, and so what its panel must show as text. */
interface HostileTask {
  patch: Record<string, unknown>;
  /** Strings that must appear verbatim in the panel's textContent. */
  visible: string[];
}

/** Flags a payload that ran would have set, read from every frame of the page. */
async function xssFlags(page: Page): Promise<string[]> {
  const raised: string[] = [];
  for (const frame of page.frames()) {
    const f = await frame
      .evaluate(() => {
        const w = window as unknown as { __xss?: unknown; __xssMsg?: unknown };
        return { xss: w.__xss, msg: w.__xssMsg, title: document.title };
      })
      .catch(() => undefined);
    if (!f) continue;
    if (f.xss !== undefined || f.msg !== undefined || f.title === 'XSS')
      raised.push(`${frame.url()}: ${JSON.stringify(f)}`);
  }
  return raised;
}

/** Markup in the panel that only a parsed payload could have made (the panel builds none of it). */
async function injectedMarkup(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const bad: string[] = [];
    const app = document.getElementById('app');
    for (const el of app ? [...app.querySelectorAll('*')] : []) {
      const tag = el.tagName.toLowerCase();
      if (
        /^(script|iframe|object|embed|style|link|meta|base|form|svg|math|template|a|input|video|audio)$/.test(
          tag,
        )
      )
        bad.push(`<${tag}>`);
      for (const a of [...el.attributes]) {
        if (/^on/i.test(a.name) || /^(style|href|srcset|background|action|xlink:href)$/i.test(a.name))
          bad.push(`${tag}[${a.name}]`);
        if (a.name === 'src' && !/^(https?:|vscode-)/i.test(a.value))
          bad.push(`${tag}[src=${a.value.slice(0, 40)}]`);
      }
    }
    // Scripts: ours (with the nonce) and whatever VS Code itself injects (inline, no src); nothing else.
    for (const sc of [...document.querySelectorAll('script')]) {
      if (!sc.nonce && sc.src) bad.push(`script[src=${sc.src}] without nonce`);
    }
    return bad;
  });
}

describe('Security in a real VS Code: hostile server text and the API key', function () {
  this.timeout(240_000);
  const s = useStudio();
  const { page } = s;
  let sentinel: Recorder;
  let elsewhere: Recorder;

  before(async () => {
    sentinel = await startRecorder();
    elsewhere = await startRecorder();
    // The canary is the key: the simulator takes any key, so what it receives is what the extension sent.
    s.sim.configure({ anyKey: true });
    // In every frame created from now on (the webviews), note a postMessage('XSS') a payload would send.
    await page()
      .context()
      .addInitScript(() => {
        addEventListener('message', (e) => {
          if (e.data === 'XSS') (window as unknown as { __xssMsg: number }).__xssMsg = 1;
        });
      });
  });

  after(async () => {
    await sentinel?.close();
    await elsewhere?.close();
  });

  it('sets the canary key from the palette', async () => {
    await command(page(), 'Midjourney: Set API Key');
    await quickInput(page(), CANARY);
    await waitForNotification(page(), /API key saved/i);
    await clearNotifications(page());
  });

  it('shows 60+ XSS payloads from the server as text in the panels and runs none of them', async () => {
    const { sim } = s;
    const texts = textPayloads(sentinel.url);
    const images = imageUrlPayloads(sentinel.url);
    let k = 0;
    const next = (): string => texts[k++ % texts.length]!;
    const tasks: HostileTask[] = [];
    for (let i = 0; i < 3; i++) {
      const prompt = next();
      const description = next();
      const buttons = Array.from({ length: 10 }, (_, b) => ({
        customId: `MJ::JOB::sec${i}_${b}::1::0000`,
        label: next(),
        emoji: next(),
        type: 2,
        style: 2,
      }));
      tasks.push({
        patch: { prompt, description, imageUrl: images[i], buttons },
        // Labels are cut at 80 characters and trimmed; the start of each is enough to find it.
        visible: [prompt.trim(), description.trim(), ...buttons.map((b) => b.label.trim().slice(0, 30))],
      });
    }
    for (let i = 3; i < 6; i++) {
      const [prompt, description, failReason] = [next(), next(), next()];
      tasks.push({
        patch: { status: 'FAILURE', progress: '', prompt, description, failReason, imageUrl: images[i] },
        visible: [prompt.trim(), failReason.trim()],
      });
    }
    assert.ok(
      k >= texts.length && texts.length >= 50,
      `only ${Math.min(k, texts.length)} payloads were placed`,
    );

    const tabs = page().locator('.part.editor .tabs-container .tab');
    for (const [i, t] of tasks.entries()) {
      sim.setTaskTemplate(t.patch);
      await command(page(), 'Midjourney: Imagine…');
      await quickInput(page(), `hostile task ${i}`);
      await waitFor('the imagine submit', async () =>
        submits(sim, 'imagine').length > i ? true : undefined,
      );
      // Its panel opens and takes focus: wait for it, or it would close the next palette half-typed.
      await waitFor('its panel', async () => ((await tabs.count()) > i ? true : undefined));
      await new Promise((r) => setTimeout(r, 500));
    }
    sim.setTaskTemplate(undefined);
    await openView(page(), 'Midjourney');
    await waitFor(
      'six finished rows',
      async () => {
        const rows = await treeRows(page(), 'Tasks');
        return rows.length >= 6 && rows.every((r) => !r.icons.includes('codicon-loading')) ? true : undefined;
      },
      60_000,
    );

    // Visit every panel (hidden webviews are torn down, so each is checked while it is shown).
    assert.equal(await tabs.count(), tasks.length, 'one panel per task');
    const seen = new Map<number, string>();
    const nonces = new Set<string>();
    for (let i = 0; i < tasks.length; i++) {
      await tabs.nth(i).click();
      const { frame, text, index } = await waitFor(
        `panel ${i} with a known task's text`,
        async () => {
          const frame = await webviewFrame(page(), { selector: '#app section', timeout: 2000 });
          const text = await frame.evaluate(() => document.getElementById('app')?.textContent ?? '');
          const index = tasks.findIndex((t) => t.visible.every((v) => text.includes(v)));
          return index >= 0 ? { frame, text, index } : undefined;
        },
        20_000,
      ).catch(async (e: Error) => {
        const frame = await webviewFrame(page(), { timeout: 2000 }).catch(() => undefined);
        const text = await frame?.evaluate(() => document.getElementById('app')?.textContent ?? '');
        throw new Error(`${e.message}\n      panel text: ${JSON.stringify(text?.slice(0, 2000))}`);
      });
      seen.set(index, text);
      assert.deepEqual(await injectedMarkup(frame), [], `markup from a payload in panel ${index}`);
      const csp = await frame.evaluate(
        () =>
          document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      );
      assert.match(csp, /^default-src 'none';/, 'the panel CSP starts with default-src none');
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, `a nonce in ${csp}`);
      nonces.add(nonce);
      assert.deepEqual(await xssFlags(page()), [], 'a payload ran');
    }
    assert.equal(seen.size, tasks.length, 'every hostile task was seen in its own panel');
    assert.equal(nonces.size, tasks.length, 'each panel has its own nonce');

    await new Promise((r) => setTimeout(r, 1500)); // late image errors, timers
    assert.deepEqual(await xssFlags(page()), [], 'a payload ran');
    assert.deepEqual(
      sentinel.hits.map((h) => h.url),
      [],
      'a payload reached the sentinel',
    );
    // Controls: an image the panel itself asks of the configured server arrives (so a request would be seen),
    // and one asked of any other origin, such as the sentinel, is refused by the panel's CSP (img-src is only
    // the webview's own resources and the configured servers), so even a payload that ran could not reach it.
    const frame = await webviewFrame(page(), { selector: '#app section' });
    await frame.evaluate(
      ([serverUrl, sentinelUrl]) => {
        document.createElement('img').src = `${serverUrl}/control-allowed`;
        document.createElement('img').src = `${sentinelUrl}/control-refused`;
      },
      [s.sim.url, sentinel.url],
    );
    await waitFor('the control request to the configured server', async () =>
      s.sim.requests.some((r) => r.path === '/control-allowed') ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(
      sentinel.hits.map((h) => h.url),
      [],
      'the CSP let an image from another origin through',
    );
    sentinel.hits.length = 0;
    await closeAllEditors(page());
  });

  it('renders hostile text in the tree tooltip as text (no HTML, no remote image, no script or command link)', async () => {
    const { sim } = s;
    const prompt = `<img src=${sentinel.url}/tip-html onerror=alert(1)> ![x](${sentinel.url}/tip-md) [c](command:workbench.action.quit)`;
    // An unknown status is shown in the tooltip too.
    const status = `![s](${sentinel.url}/status-md)<img src=${sentinel.url}/status-html>`;
    sim.setTaskTemplate({ prompt, status });
    const n = submits(sim, 'imagine').length;
    await command(page(), 'Midjourney: Imagine…');
    await quickInput(page(), 'hostile tooltip');
    await waitFor('the submit', async () => (submits(sim, 'imagine').length > n ? true : undefined));
    await webviewFrame(page(), { selector: '#app section' });
    sim.setTaskTemplate(undefined);
    await closeAllEditors(page());
    await openView(page(), 'Midjourney');
    const row = viewPane(page(), 'Tasks').locator('.monaco-list-row', { hasText: 'tip-html' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await waitFor('the unknown status on the row', async () =>
      ((await row.textContent()) ?? '').includes('Unknown status') ? true : undefined,
    );
    await row.locator('.label-name').hover();
    const hover = page().locator('.monaco-hover:visible, .workbench-hover:visible').first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor('the tooltip text', async () =>
      ((await hover.textContent()) ?? '').includes('tip-html') ? true : undefined,
    );
    // (The workbench shows MarkdownString.appendText's escapes as backslashes; what matters is that it is text.)
    const text = ((await hover.textContent()) ?? '').replace(/\\(.)/g, '$1').replace(/\u00a0/g, ' ');
    assert.ok(text.includes(prompt), `the prompt is shown as text: ${JSON.stringify(text)}`);
    assert.ok(
      text.includes(`Unknown status "${status}"`),
      `the status is shown as text: ${JSON.stringify(text)}`,
    );
    const inside = await hover.evaluate((el) => ({
      imgs: [...el.querySelectorAll('img')].map((i) => i.getAttribute('src') ?? ''),
      links: [...el.querySelectorAll('a')].map(
        (a) => a.getAttribute('href') ?? a.getAttribute('data-href') ?? '',
      ),
      handlers: [...el.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name),
      ),
    }));
    assert.deepEqual(
      inside.imgs.filter((s) => s.includes(sentinel.url) || s.includes('127.0.0.1')),
      [],
      'a remote image in the tooltip',
    );
    // Markdown autolinks a bare http URL in text (VS Code asks before opening one); any other scheme is markup.
    assert.deepEqual(
      inside.links.filter((h) => !/^https?:/i.test(h)),
      [],
      'a non-http link in the tooltip',
    );
    assert.deepEqual(inside.handlers, [], 'an event handler in the tooltip');
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(
      sentinel.hits.map((h) => h.url),
      [],
      'the tooltip fetched something',
    );
    await page().mouse.move(5, 5);
  });

  it('keeps the canary out of state, settings, logs, the DOM and other hosts after a whole session', async () => {
    const { sim, server } = s.studio;
    sim.clearFaults();
    sim.setTaskTemplate(undefined);
    await clearNotifications(page());
    // Submit and an action.
    await command(page(), 'Midjourney: Imagine…');
    await quickInput(page(), 'a canary in a coal mine');
    const frame = await webviewFrame(page(), { selector: 'button.action-button', timeout: 60_000 });
    const u1 = frame.getByRole('button', { name: 'U1', exact: true });
    await u1.waitFor({ state: 'visible', timeout: 30_000 });
    await u1.click();
    await waitFor('the action submit', async () => (submits(sim, 'action').length > 0 ? true : undefined));
    await waitFor('the child panel', async () =>
      (await page().locator('.part.editor .tabs-container .tab', { hasText: 'U1 · ' }).count()) > 0
        ? true
        : undefined,
    );
    await new Promise((r) => setTimeout(r, 500));
    // An error the user sees.
    sim.addFault({
      fault: { kind: 'status', status: 500 },
      method: 'POST',
      path: '/mj/submit/imagine',
      times: 1,
    });
    await command(page(), 'Midjourney: Imagine…');
    await quickInput(page(), 'a failing canary');
    await waitForNotification(page(), /server|500|error/i);
    // A cross-origin redirect on every poll, while a task runs.
    sim.setSpeed(8000);
    await command(page(), 'Midjourney: Imagine…');
    await quickInput(page(), 'a redirected canary');
    await waitFor('its panel', async () =>
      (await page()
        .locator('.part.editor .tabs-container .tab', { hasText: 'a redirected canary' })
        .count()) > 0
        ? true
        : undefined,
    );
    const polls = sim.requests.filter((r) => r.path.startsWith('/mj/task')).length;
    sim.addFault({
      fault: { kind: 'redirect', location: `${elsewhere.url}/stolen`, status: 307 },
      path: '/mj/task',
      times: Infinity,
    });
    await waitFor(
      'redirected polls',
      async () =>
        sim.requests.filter((r) => r.path.startsWith('/mj/task')).length >= polls + 3 ? true : undefined,
      45_000,
    );
    sim.clearFaults();
    sim.setSpeed('fast');
    // A window reload, then a panel again so there is webview DOM to read.
    await command(page(), 'Developer: Reload Window');
    await page().waitForLoadState('domcontentloaded');
    await waitForActivityIcon(page(), 'Midjourney');
    // The panels come back through the serializer; showing one rebuilds its webview.
    const tab = page()
      .locator('.part.editor .tabs-container .tab', { hasText: 'a canary in a coal mine' })
      .first();
    await tab.click({ timeout: 30_000 });
    await webviewFrame(page(), { selector: '#app section', timeout: 30_000 });

    // The key was really used, and only with the configured server.
    assert.ok(
      sim.requests.some((r) => Object.values(r.headers).includes(CANARY)),
      'the simulator never received the canary: the scans below would prove nothing',
    );
    assert.deepEqual(
      elsewhere.hits.map((h) => `${h.method} ${h.url}`),
      [],
      'the redirect was followed',
    );
    assert.deepEqual(sentinel.hitsContaining(CANARY), []);

    // Every file of the server's private tree: user data (settings, state, logs), HOME, XDG dirs, temp.
    const scanned = listFiles(server.root);
    const logFiles = scanned.filter((f) => /Midjourney Studio/.test(path.basename(f)));
    assert.ok(logFiles.length > 0, `no Midjourney Studio log file among ${scanned.length} files`);
    assert.ok(
      logFiles.some(
        (f) => filesContaining(path.dirname(path.join(server.root, f)), 'API key saved').length > 0,
      ),
      'the log file does not have the session in it',
    );
    const inFiles = filesContaining(server.root, CANARY);
    assert.deepEqual(inFiles, [], `the canary is stored in files (of ${scanned.length} scanned)`);

    // globalState (and the rest of the web workbench's storage) lives in the browser's IndexedDB.
    const db = await indexedDbContaining(page(), CANARY);
    assert.ok(db.records > 0, 'no IndexedDB records were read');
    assert.deepEqual(db.hits, [], 'the canary is in the workbench storage');
    const local = await page().evaluate(
      (needle) =>
        Object.keys(localStorage).filter((k) => `${k}${localStorage.getItem(k) ?? ''}`.includes(needle)),
      CANARY,
    );
    assert.deepEqual(local, [], 'the canary is in localStorage');

    const dom = await framesContaining(page(), CANARY);
    assert.ok(dom.frames >= 3, `only ${dom.frames} frames were read`);
    assert.deepEqual(dom.hits, [], 'the canary is in a frame DOM');
  });
});
