import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCodeServer, workbenchUrl } from '../test/vscode/codeServer';
import type { CodeServer } from '../test/vscode/codeServer';
import { repoRoot, vscodeVersion } from '../test/vscode/tools';
import { launchBrowser, runCommand, waitFor } from '../test/vscode/workbench';
import { installMeter, installedFolder, ioLines, meterLines } from './activationMeter';
import { goalRow, infoRow, median } from './report';
import type { Row } from './report';

export interface ActivationOptions {
  /** The packaged extension (from `npm run package`). */
  vsix: string;
  /** Measured rounds per extension, after one warm-up round each. */
  rounds?: number;
}

export interface ActivationResult {
  oursMs: number[];
  helloMs: number[];
  ratio: number;
  chromiumVersion: string;
  vscodeVersion: string;
  rows: Row[];
  notes: string[];
}

const HELLO_NAME = 'Hello Bench';
const OURS_NAME = 'Midjourney Studio';
const HELLO_ID = 'midjourney-studio-bench.hello-bench';
const OURS_ID = 'midjourney-studio.midjourney-studio';

/**
 * Writes and packages (vsce, offline) the smallest extension that activates the way ours does
 * (`onStartupFinished`), as the baseline: whatever VS Code spends activating any extension.
 */
function packageHelloWorld(dir: string): string {
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'hello-bench',
        displayName: HELLO_NAME,
        description: 'Baseline for the activation benchmark.',
        version: '0.0.1',
        publisher: 'midjourney-studio-bench',
        license: 'MIT',
        engines: { vscode: '^1.95.0' },
        activationEvents: ['onStartupFinished'],
        main: './extension.js',
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    "exports.activate = () => {\n  console.log('hello');\n};\nexports.deactivate = () => {};\n",
  );
  fs.writeFileSync(path.join(dir, 'README.md'), '# Hello Bench\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, 'hello-bench.vsix');
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '-o',
      vsix,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return vsix;
}

interface Sample {
  /** require() of the main file + the activate() call, from the meter. */
  meterMs: number;
  requireMs: number;
  /** VS Code's own figure from Developer: Show Running Extensions. */
  vscodeMs: number;
  /** Directory reads and connections our code started in the first IDLE_WINDOW_MS after activate(). */
  startIo: number;
  /** From the click on "Midjourney: Imagine…" in the palette to its prompt box (ours only). */
  firstCommandMs?: number;
}

/** The window after activate() in which a start with nothing to poll must read no directory and open no socket. */
const IDLE_WINDOW_MS = 3500;

/**
 * Opens a fresh workbench window (a new extension host), waits for the meter's line of this activation, then
 * reads VS Code's own figure from "Developer: Show Running Extensions" (what the extension host reported
 * through `$onDidActivateExtension`: code loading + the synchronous activate() call, in whole ms).
 */
async function measureOnce(
  browser: Browser,
  server: CodeServer,
  meterFile: string,
  workspace: string,
  name: string,
  firstCommand: boolean,
): Promise<Sample> {
  const before = meterLines(meterFile).length;
  const context = await browser.newContext({ viewport: { width: 1400, height: 2400 } });
  try {
    const page = await context.newPage();
    await page.goto(workbenchUrl(server, workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const line = await waitFor(
      `the meter's line for ${name}`,
      async () => meterLines(meterFile)[before],
      90_000,
      100,
    );
    await runCommand(page, 'Developer: Show Running Extensions', 60_000);
    const vscodeMs = await waitFor(
      `the activation time of ${name}`,
      () => activationTime(page, name),
      60_000,
      200,
    );
    // Let the idle window pass (the Running Extensions read usually takes longer), then count.
    const activatedAt = line.requireMs + line.activateMs;
    await page.waitForTimeout(IDLE_WINDOW_MS);
    const startIo = ioLines(meterFile, line.pid).filter((l) => l.ms <= activatedAt + IDLE_WINDOW_MS).length;
    const firstCommandMs = firstCommand ? await timeImagine(page) : undefined;
    return { meterMs: activatedAt, requireMs: line.requireMs, vscodeMs, startIo, firstCommandMs };
  } finally {
    await context.close();
  }
}

/**
 * The first command of the window: from the click on "Midjourney: Imagine…" in the palette to the moment its
 * prompt box shows (timed in the page, by animation frames), then closes it. With lazy loading this includes
 * loading the commands bundle; the one-bundle build had it loaded at activation.
 */
async function timeImagine(page: Page): Promise<number> {
  const title = 'Midjourney: Imagine…';
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await widget.locator('.quick-input-box input').fill(`>${title}`);
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.hover();
  await page.evaluate(() => {
    const w = window as unknown as { mjsShown?: Promise<number>; mjsClicked?: number };
    w.mjsClicked = undefined;
    w.mjsShown = new Promise<number>((resolve) => {
      const check = (): void => {
        const box = document.querySelector('.quick-input-widget');
        const heading = box?.querySelector('.quick-input-title')?.textContent ?? '';
        const value = box?.querySelector<HTMLInputElement>('.quick-input-box input')?.value ?? '>';
        if (w.mjsClicked !== undefined && /Imagine/.test(heading) && !value.startsWith('>')) {
          resolve(performance.now() - w.mjsClicked);
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    document.addEventListener('mousedown', () => (w.mjsClicked ??= performance.now()), {
      capture: true,
      once: true,
    });
  });
  await row.click();
  const ms = await page.evaluate(() => (window as unknown as { mjsShown: Promise<number> }).mjsShown);
  await page.keyboard.press('Escape');
  return ms;
}

/** The "Activation: 12.3ms" of one row of the Running Extensions editor, once it is no longer "Activating…". */
async function activationTime(page: Page, name: string): Promise<number | undefined> {
  const texts = await page
    .locator('.runtime-extensions-editor .extension')
    .evaluateAll(
      (els, wanted) =>
        els
          .filter((el) => el.querySelector('.name')?.textContent?.trim() === wanted)
          .map((el) => el.querySelector('.activation-time')?.textContent ?? ''),
      name,
    );
  const m = texts.map((t) => /Activation:\s*([\d.]+)\s*ms/.exec(t)).find(Boolean);
  if (m) return Number(m[1]);
  if (!texts.length) {
    // The list is virtual: scroll so that rows further down get rendered.
    await page
      .locator('.runtime-extensions-editor .monaco-list')
      .first()
      .hover()
      .catch(() => undefined);
    await page.mouse.wheel(0, 600);
  }
  return undefined;
}

/**
 * Activation of Midjourney Studio vs a hello-world extension in the real VS Code (code-server): one server
 * per extension (so neither's activation competes with the other's), a fresh window per sample, rounds
 * alternating which goes first, one warm-up round discarded.
 */
export async function runActivationBench(opts: ActivationOptions): Promise<ActivationResult> {
  const rounds = opts.rounds ?? 5;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-bench-activation-'));
  const workspace = path.join(tmp, 'workspace');
  const helloDir = path.join(tmp, 'hello');
  fs.mkdirSync(workspace);
  fs.mkdirSync(helloDir);
  const servers: CodeServer[] = [];
  let browser: Browser | undefined;
  try {
    const helloVsix = packageHelloWorld(helloDir);
    // The same extension built as one bundle (every chunk inlined): the shape before lazy loading, so the
    // first command's time has a baseline measured in this run.
    const eagerBundle = path.join(tmp, 'extension.eager.js');
    execFileSync(
      process.execPath,
      [path.join(repoRoot, 'esbuild.js'), '--production', `--eager=${eagerBundle}`],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const meters = {
      ours: path.join(tmp, 'meter-ours.jsonl'),
      eager: path.join(tmp, 'meter-eager.jsonl'),
      hello: path.join(tmp, 'meter-hello.jsonl'),
    };
    const ours = await startCodeServer({ vsix: opts.vsix });
    servers.push(ours);
    const eager = await startCodeServer({ vsix: opts.vsix });
    servers.push(eager);
    const hello = await startCodeServer({ vsix: helloVsix });
    servers.push(hello);
    // No window has connected yet, so no extension host has loaded either main file.
    const eagerFolder = installedFolder(eager.extensionsDir, OURS_ID);
    fs.copyFileSync(eagerBundle, path.join(eagerFolder, 'dist', 'extension.js'));
    installMeter(installedFolder(ours.extensionsDir, OURS_ID), meters.ours);
    installMeter(eagerFolder, meters.eager);
    installMeter(installedFolder(hello.extensionsDir, HELLO_ID), meters.hello);
    browser = await launchBrowser();
    const samples: Record<'ours' | 'eager' | 'hello', Sample[]> = { ours: [], eager: [], hello: [] };
    for (let round = 0; round <= rounds; round++) {
      const order: [CodeServer, 'ours' | 'eager' | 'hello', string][] = [
        [ours, 'ours', OURS_NAME],
        [eager, 'eager', OURS_NAME],
        [hello, 'hello', HELLO_NAME],
      ];
      // Rotate who goes first, so no variant always meets a cold or a warm machine.
      for (let i = 0; i < round % 3; i++) order.push(order.shift()!);
      for (const [server, key, name] of order) {
        const sample = await measureOnce(browser, server, meters[key], workspace, name, key !== 'hello');
        if (round > 0) samples[key].push(sample);
      }
    }
    const med = (key: 'ours' | 'eager' | 'hello', f: (s: Sample) => number | undefined): number =>
      median(samples[key].map(f).filter((x): x is number => x !== undefined));
    const oursMedian = med('ours', (s) => s.meterMs);
    const helloMedian = med('hello', (s) => s.meterMs);
    const eagerMedian = med('eager', (s) => s.meterMs);
    const ratio = oursMedian / helloMedian;
    const oursVscode = med('ours', (s) => s.vscodeMs);
    const helloVscode = med('hello', (s) => s.vscodeMs);
    const eagerVscode = med('eager', (s) => s.vscodeMs);
    const firstLazy = med('ours', (s) => s.firstCommandMs);
    const firstEager = med('eager', (s) => s.firstCommandMs);
    const startIo = Math.max(...samples.ours.map((s) => s.startIo));
    const chromiumVersion = browser.version();
    const list = (key: 'ours' | 'eager' | 'hello', f: (s: Sample) => number | undefined): string =>
      samples[key].map((s) => f(s)?.toFixed(1) ?? 'n/a').join(', ');
    return {
      oursMs: samples.ours.map((s) => s.meterMs),
      helloMs: samples.hello.map((s) => s.meterMs),
      ratio,
      chromiumVersion,
      vscodeVersion: vscodeVersion(),
      rows: [
        goalRow(
          'activation',
          'Running Extensions figure: ours / hello-world',
          oursVscode / helloVscode,
          1.5,
          'x',
        ),
        infoRow('activation', 'Running Extensions figure, ours (median)', oursVscode, 'ms'),
        infoRow('activation', 'Running Extensions figure, hello-world (median)', helloVscode, 'ms'),
        infoRow('activation', 'Running Extensions figure, one-bundle build (median)', eagerVscode, 'ms'),
        goalRow('activation', `require + activate(), ours (median of ${rounds})`, oursMedian, 10, 'ms'),
        infoRow('activation', `require + activate(), hello-world (median of ${rounds})`, helloMedian, 'ms'),
        infoRow(
          'activation',
          `require + activate(), one-bundle build (median of ${rounds})`,
          eagerMedian,
          'ms',
        ),
        infoRow('activation', 'require + activate(): ours / hello-world', ratio, 'x'),
        goalRow(
          'activation',
          `directory reads + connections in the ${IDLE_WINDOW_MS / 1000} s after start, nothing to poll (max)`,
          startIo,
          0,
          '',
        ),
        goalRow(
          'activation',
          'first command (Imagine…): lazy / one-bundle build',
          firstLazy / firstEager,
          1.1,
          'x',
        ),
        infoRow('activation', 'first command (Imagine…) to its prompt box, lazy (median)', firstLazy, 'ms'),
        infoRow(
          'activation',
          'first command (Imagine…) to its prompt box, one bundle (median)',
          firstEager,
          'ms',
        ),
      ],
      notes: [
        `meter samples (ms) ours: ${list('ours', (s) => s.meterMs)}; one bundle: ${list('eager', (s) => s.meterMs)}; hello-world: ${list('hello', (s) => s.meterMs)}`,
        `of which require() (ms) ours: ${list('ours', (s) => s.requireMs)}; one bundle: ${list('eager', (s) => s.requireMs)}; hello-world: ${list('hello', (s) => s.requireMs)}`,
        `Running Extensions samples (ms) ours: ${list('ours', (s) => s.vscodeMs)}; one bundle: ${list('eager', (s) => s.vscodeMs)}; hello-world: ${list('hello', (s) => s.vscodeMs)}`,
        `first command samples (ms) lazy: ${list('ours', (s) => s.firstCommandMs)}; one bundle: ${list('eager', (s) => s.firstCommandMs)}`,
        `start I/O per window (readdir/opendir + TCP/TLS connects from our bundles): ${samples.ours.map((s) => s.startIo).join(', ')}`,
        `VS Code ${vscodeVersion()} (code-server), Chromium ${chromiumVersion}; one warm-up window per variant discarded`,
      ],
    };
  } finally {
    await browser?.close().catch(() => undefined);
    for (const s of servers) await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
