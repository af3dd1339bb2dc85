import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCodeServer, workbenchUrl } from '../test/vscode/codeServer';
import type { CodeServer } from '../test/vscode/codeServer';
import { repoRoot, vscodeVersion } from '../test/vscode/tools';
import { launchBrowser, runCommand, waitFor } from '../test/vscode/workbench';
import { installMeter, installedFolder, meterLines } from './activationMeter';
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
  /** VS Code's own figure from Developer: Show Running Extensions. */
  vscodeMs: number;
}

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
    return { meterMs: line.requireMs + line.activateMs, vscodeMs };
  } finally {
    await context.close();
  }
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
    const oursMeter = { file: path.join(tmp, 'meter-ours.jsonl') };
    const helloMeter = { file: path.join(tmp, 'meter-hello.jsonl') };
    const ours = await startCodeServer({ vsix: opts.vsix });
    servers.push(ours);
    const hello = await startCodeServer({ vsix: helloVsix });
    servers.push(hello);
    // No window has connected yet, so no extension host has loaded either main file.
    installMeter(installedFolder(ours.extensionsDir, OURS_ID), oursMeter.file);
    installMeter(installedFolder(hello.extensionsDir, HELLO_ID), helloMeter.file);
    browser = await launchBrowser();
    const oursSamples: Sample[] = [];
    const helloSamples: Sample[] = [];
    for (let round = 0; round <= rounds; round++) {
      const order: [CodeServer, string, string, Sample[]][] = [
        [ours, oursMeter.file, OURS_NAME, oursSamples],
        [hello, helloMeter.file, HELLO_NAME, helloSamples],
      ];
      if (round % 2) order.reverse();
      for (const [server, file, name, samples] of order) {
        const sample = await measureOnce(browser, server, file, workspace, name);
        if (round > 0) samples.push(sample);
      }
    }
    const oursMs = oursSamples.map((s) => s.meterMs);
    const helloMs = helloSamples.map((s) => s.meterMs);
    const oursMedian = median(oursMs);
    const helloMedian = median(helloMs);
    const ratio = oursMedian / helloMedian;
    const oursVscode = median(oursSamples.map((s) => s.vscodeMs));
    const helloVscode = median(helloSamples.map((s) => s.vscodeMs));
    const chromiumVersion = browser.version();
    return {
      oursMs,
      helloMs,
      ratio,
      chromiumVersion,
      vscodeVersion: vscodeVersion(),
      rows: [
        infoRow(
          'activation',
          `Midjourney Studio: require + activate() (median of ${rounds})`,
          oursMedian,
          'ms',
        ),
        infoRow('activation', `hello-world: require + activate() (median of ${rounds})`, helloMedian, 'ms'),
        goalRow('activation', 'ours / hello-world', ratio, 1.5, 'x'),
        infoRow('activation', 'ours − hello-world', oursMedian - helloMedian, 'ms'),
        infoRow('activation', 'Running Extensions figure, ours (median)', oursVscode, 'ms'),
        infoRow('activation', 'Running Extensions figure, hello-world (median)', helloVscode, 'ms'),
        infoRow('activation', 'Running Extensions ratio', oursVscode / helloVscode, 'x'),
      ],
      notes: [
        `meter samples (ms) ours: ${oursMs.map((x) => x.toFixed(1)).join(', ')}; hello-world: ${helloMs.map((x) => x.toFixed(2)).join(', ')}`,
        `Running Extensions samples (ms) ours: ${oursSamples.map((s) => s.vscodeMs).join(', ')}; hello-world: ${helloSamples.map((s) => s.vscodeMs).join(', ')}`,
        `VS Code ${vscodeVersion()} (code-server), Chromium ${chromiumVersion}; one warm-up window per extension discarded`,
      ],
    };
  } finally {
    await browser?.close().catch(() => undefined);
    for (const s of servers) await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
