import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { delay } from './codeServer';
import { repoRoot, toolPaths } from './tools';

/** Flags that keep Debian's chromium from sandboxing (root in CI), using a GPU, or calling home. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Workbench {
  browser: Browser;
  page: Page;
  /** Chromium's version string, recorded in test output so a run can be reproduced. */
  chromiumVersion: string;
  close(): Promise<void>;
}

/** Launches chromium (a plain launch(): Playwright refuses --user-data-dir in args). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: toolPaths().chromium, args: chromiumArgs, headless: true });
}

/**
 * Opens a workbench URL in a fresh chromium and waits until the workbench is laid out.
 * `beforeNavigate` runs after the page exists and before it loads (for page.exposeFunction).
 */
export async function openWorkbench(
  url: string,
  opts: { beforeNavigate?: (page: Page) => Promise<void>; viewport?: { width: number; height: number } } = {},
): Promise<Workbench> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    // A test that fails with "Target page, context or browser has been closed" should say why it closed.
    const opened = Date.now();
    const since = (): string => `${((Date.now() - opened) / 1000).toFixed(0)} s after it opened`;
    page.on('crash', () => console.log(`      the workbench page crashed ${since()}`));
    let closing = false;
    browser.on('disconnected', () => {
      if (!closing) console.log(`      chromium went away ${since()}`);
    });
    await opts.beforeNavigate?.(page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    const close = (): Promise<void> => {
      closing = true;
      return browser.close();
    };
    return { browser, page, chromiumVersion: browser.version(), close };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Waits until the extension's view container shows up in the activity bar (i.e. the extension was loaded). */
export async function waitForActivityIcon(page: Page, title: string, timeout = 60_000): Promise<void> {
  await activityItem(page, title).waitFor({ state: 'visible', timeout });
}

function activityItem(page: Page, title: string): Locator {
  return page
    .locator(
      `.part.activitybar .action-item a[aria-label^="${title}"], .part.activitybar .action-item[aria-label^="${title}"]`,
    )
    .first();
}

/** Opens a view container from the activity bar (a no-op when it is already open). */
export async function openView(page: Page, title: string): Promise<void> {
  await waitForActivityIcon(page, title);
  // A container with one view is titled "Midjourney: Tasks"; with several, "Midjourney".
  const sidebarTitle = page.locator('.part.sidebar .composite.title h2', {
    hasText: new RegExp(`^${escapeRegExp(title)}(:|$)`, 'i'),
  });
  if (await sidebarTitle.isVisible()) return;
  // The activity item toggles its container: if the click closed an already open sidebar, click again.
  const sidebar = page.locator('.part.sidebar');
  await activityItem(page, title).click();
  await page.waitForTimeout(500);
  if (!(await sidebar.isVisible())) await activityItem(page, title).click();
  await sidebar.waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * Runs a command from the palette by its full title ("Midjourney: Imagine…"). Right after the workbench
 * loads, the palette can answer "No matching commands" until extensions are registered: retry then.
 */
export async function runCommand(page: Page, title: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const widget = page.locator('.quick-input-widget');
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible', timeout: 10_000 });
    const input = widget.locator('.quick-input-box input');
    // The palette closes when something else takes the focus right after it opened (a page still loading, a
    // walkthrough focusing its first step): then open it again rather than wait on an input that is gone.
    const typed = await input
      .fill(`>${title}`, { timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    if (!typed) {
      if (Date.now() > deadline) throw new Error(`The palette did not stay open to run "${title}"`);
      await delay(500);
      continue;
    }
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    const found = await row
      .waitFor({ state: 'visible', timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    if (found) {
      await row.click();
      // The palette's widget is reused by the command's own input box: wait until it stops showing what we
      // typed, or quickInput() would type into the closing palette.
      await waitFor(
        `the palette to close after "${title}"`,
        async () =>
          !(await widget.isVisible()) || (await input.inputValue().catch(() => '')) !== `>${title}`
            ? true
            : undefined,
        10_000,
        50,
      );
      return;
    }
    if (Date.now() > deadline) {
      const rows = await widget.locator('.quick-input-list .monaco-list-row').allTextContents();
      throw new Error(`Command "${title}" not found in the palette; it shows: ${JSON.stringify(rows)}`);
    }
    await delay(1000);
  }
}

/** Types into the open input box / quick pick and presses Enter. */
export async function quickInput(
  page: Page,
  text: string,
  opts: { title?: string | RegExp; timeout?: number } = {},
): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  const timeout = opts.timeout ?? 15_000;
  await input.waitFor({ state: 'visible', timeout });
  // Wait for the box the caller expects, not whatever quick input was open a moment before.
  if (opts.title)
    await widget
      .locator('.quick-input-title', { hasText: opts.title })
      .waitFor({ state: 'visible', timeout });
  await input.fill(text);
  await input.press('Enter');
}

/** The prompt/placeholder/title of the open quick input, to check what it asks for (and whether it masks). */
export async function quickInputState(
  page: Page,
  title?: string | RegExp,
): Promise<{ title: string; placeholder: string; password: boolean; message: string }> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  if (title)
    await widget
      .locator('.quick-input-title', { hasText: title })
      .waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('.quick-input-box input');
  return {
    title: (
      (await widget
        .locator('.quick-input-title')
        .textContent()
        .catch(() => '')) ?? ''
    ).trim(),
    placeholder: (await input.getAttribute('placeholder')) ?? '',
    password: (await input.getAttribute('type')) === 'password',
    message: (
      (await widget
        .locator('.quick-input-message')
        .textContent()
        .catch(() => '')) ?? ''
    ).trim(),
  };
}

/** Opens a workspace file through Quick Open and waits for its editor tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  // Quick Open closes when the focus moves right after it opened (see runCommand): try again a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(name, { timeout: 3000 });
      // Enter before the file search answers would open nothing.
      await widget
        .locator('.quick-input-list .monaco-list-row', { hasText: name })
        .first()
        .waitFor({ timeout: 15_000 });
      await input.press('Enter', { timeout: 3000 });
      await page.locator('.part.editor .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
      await delay(500);
    }
  }
}

/** Dismisses every notification, so the next test reads only its own. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/** Closes every editor (and webview panel), so the next test sees only what it opens. */
export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
}

/** The label of the active editor tab (a webview panel's title). */
export async function activeTabTitle(page: Page): Promise<string> {
  const tab = page.locator('.part.editor .tabs-container .tab.active .label-name').first();
  return ((await tab.textContent({ timeout: 5000 }).catch(() => '')) ?? '').trim();
}

/** Text of each visible notification toast (message + buttons), newest last. */
export async function notifications(page: Page): Promise<string[]> {
  const toasts = page.locator('.notifications-toasts .notification-toast-container');
  const texts: string[] = [];
  for (const toast of await toasts.all()) {
    if (!(await toast.isVisible())) continue;
    const message = ((await toast.locator('.notification-list-item-message').textContent()) ?? '').trim();
    const buttons = await toast
      .locator('.notification-list-item-buttons-container .monaco-button')
      .allTextContents();
    texts.push([message, ...buttons.map((b) => `[${b.trim()}]`)].join(' '));
  }
  return texts;
}

/**
 * Waits for a notification whose text matches and returns its locator (to click a button on it). Looks at the
 * toasts first; VS Code does not always raise a toast (an info message can land straight in the notification
 * center, shown only by the bell's dot), so it then opens the center and looks there.
 */
export async function waitForNotification(
  page: Page,
  text: string | RegExp,
  timeout = 30_000,
): Promise<Locator> {
  const toast = page
    .locator('.notifications-toasts .notification-toast-container', { hasText: text })
    .first();
  const centered = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
  const started = Date.now();
  const deadline = started + timeout;
  while (Date.now() < deadline) {
    if (await toast.isVisible()) return toast;
    if (await centered.isVisible()) return centered;
    if (Date.now() > started + 3000 && !(await page.locator('.notifications-center.visible').isVisible())) {
      await page
        .locator('.statusbar [id="status.notifications"] a, .statusbar [id="status.notifications"]')
        .first()
        .click()
        .catch(() => undefined);
    }
    await delay(250);
  }
  throw new Error(
    `No notification matching ${String(text)} within ${timeout} ms; toasts: ${JSON.stringify(await notifications(page))}`,
  );
}

export interface TreeRow {
  label: string;
  description: string;
  /** aria-level: 1 for roots, 2 for their children. */
  level: number;
  /** Codicon classes on the row's icon, e.g. ["codicon-loading", "codicon-modifier-spin"]. */
  icons: string[];
  expanded: boolean | undefined;
}

/** The pane of a view in the open side bar, found by its header title ("Tasks"). */
export function viewPane(page: Page, viewName: string): Locator {
  return page
    .locator('.part.sidebar .pane', {
      has: page.locator('.pane-header .title', { hasText: new RegExp(`^${escapeRegExp(viewName)}$`, 'i') }),
    })
    .first();
}

/** The rows of a tree view as plain data (the view must be open and expanded). */
export async function treeRows(page: Page, viewName: string): Promise<TreeRow[]> {
  const rows = viewPane(page, viewName).locator('.pane-body .monaco-list-row');
  return rows.evaluateAll((els) =>
    els.map((el) => {
      const icons: string[] = [];
      el.querySelectorAll('.codicon, .custom-view-tree-node-item-icon').forEach((i) =>
        i.classList.forEach((c) => {
          if (c.startsWith('codicon-')) icons.push(c);
        }),
      );
      const expanded = el.getAttribute('aria-expanded');
      return {
        label: (el.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (el.querySelector('.label-description')?.textContent ?? '').trim(),
        level: Number(el.getAttribute('aria-level') ?? '1'),
        icons,
        expanded: expanded === null ? undefined : expanded === 'true',
      };
    }),
  );
}

/**
 * Expands every collapsed row of a tree view by its twistie (the row's own click would run its command).
 * A row drawn as a leaf starts collapsed when its first child arrives, so a new child can be hidden there.
 */
export async function expandCollapsedRows(page: Page, viewName: string): Promise<void> {
  const twisties = viewPane(page, viewName).locator(
    '.pane-body .monaco-list-row[aria-expanded="false"] .monaco-tl-twistie',
  );
  for (const twistie of await twisties.all()) await twistie.click({ timeout: 2000 }).catch(() => undefined);
}

/**
 * Polls a tree view until a row satisfies `match` (which also sees all rows), expanding collapsed rows and,
 * given `container` (the activity bar title), reopening the view when something hid it. Fails with the rows
 * it saw last.
 */
export async function waitForTreeRow(
  page: Page,
  viewName: string,
  what: string,
  match: (row: TreeRow, rows: TreeRow[]) => boolean,
  options: { timeout?: number; container?: string } = {},
): Promise<TreeRow> {
  return waitFor(
    what,
    async () => {
      if (options.container && !(await viewPane(page, viewName).isVisible()))
        await openView(page, options.container).catch(() => undefined);
      const rows = await treeRows(page, viewName);
      const found = rows.find((r) => match(r, rows));
      if (!found && rows.some((r) => r.expanded === false)) await expandCollapsedRows(page, viewName);
      return found;
    },
    options.timeout ?? 60_000,
  ).catch(async (e: Error) => {
    throw new Error(
      `${e.message}\n      rows: ${JSON.stringify(await treeRows(page, viewName).catch(() => []))}`,
    );
  });
}

/** Polls until `check` returns a value (not undefined), failing with the last observed state. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeout = 30_000,
  every = 250,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await delay(every);
  }
}

/**
 * The frame holding a webview's own content. VS Code nests it twice: the workbench's `iframe.webview`
 * loads pre/index.html, which hosts our document in `#active-frame`. Picks the visible one (other panels
 * keep hidden iframes), optionally the one containing `selector`.
 */
export async function webviewFrame(
  page: Page,
  opts: { selector?: string; timeout?: number } = {},
): Promise<Frame> {
  return waitFor(
    `a visible webview${opts.selector ? ` containing ${opts.selector}` : ''}`,
    async () => {
      for (const outer of page.frames()) {
        if (outer.parentFrame() !== page.mainFrame()) continue;
        const outerEl = await outer.frameElement();
        if (!(await outerEl.isVisible())) continue;
        for (const inner of outer.childFrames()) {
          if (inner.name() !== 'active-frame' && !inner.url().includes('fake.html')) continue;
          if (opts.selector && (await inner.locator(opts.selector).count()) === 0) continue;
          return inner;
        }
      }
      return undefined;
    },
    opts.timeout ?? 30_000,
  );
}

/** The mocha hook's view of a test: enough to name the screenshot and know whether it failed. */
interface HookContext {
  currentTest?: { state?: string; fullTitle(): string };
}

/**
 * A mocha afterEach hook: when the test failed, saves a full-page screenshot to test-results/<test title>.png.
 * Use as `afterEach(screenshotOnFailure(() => workbench?.page))`.
 */
export function screenshotOnFailure(
  getPage: () => Page | undefined,
  suffix = '',
): (this: HookContext) => Promise<void> {
  return async function (this: HookContext) {
    const test = this.currentTest;
    const page = getPage();
    if (!test || test.state !== 'failed' || !page) return;
    const dir = path.join(repoRoot, 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(
      dir,
      `${test
        .fullTitle()
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 150)}${suffix ? `_${suffix.replace(/\W+/g, '_')}` : ''}.png`,
    );
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      console.log(`    screenshot of the failure: ${path.relative(repoRoot, file)}`);
    } catch (e) {
      console.log(`    (no screenshot: ${String(e)})`);
    }
  };
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Clicks an entry of the open context menu. A click that lands right after the menu opened can be swallowed
 * (the menu still shows): try again until it closes.
 */
export async function clickMenuItem(page: Page, item: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  const entry = menu.locator('.action-item', { hasText: item }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  await waitFor(
    `the menu item "${item}" to act`,
    async () => {
      if (!(await menu.isVisible())) return true;
      await entry.hover();
      await page.waitForTimeout(200);
      await entry.click({ timeout: 2000 }).catch(() => undefined);
      await page.waitForTimeout(300);
      return (await menu.isVisible()) ? undefined : true;
    },
    15_000,
    100,
  );
}
