import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startSimulator } from '../../sim/server';
import type { RecordedRequest, Simulator } from '../../sim/server';
import { ensureVsix } from '../vscode/build';
import { startCodeServer, workbenchUrl } from '../vscode/codeServer';
import type { CodeServer } from '../vscode/codeServer';
import { repoRoot, vscodeVersion } from '../vscode/tools';
import {
  clearNotifications,
  closeAllEditors,
  openWorkbench,
  quickInput,
  runCommand,
  screenshotOnFailure,
  waitForActivityIcon,
  waitForNotification,
} from '../vscode/workbench';
import type { Workbench } from '../vscode/workbench';

/** Everything one UI run needs: the simulator, a code-server with the packaged extension, a browser on it. */
export interface Studio {
  sim: Simulator;
  server: CodeServer;
  workbench: Workbench;
  workspace: string;
  stop(): Promise<void>;
}

/** What the workbench starts with: user settings, files in the workspace, the display language. */
export interface StudioOptions {
  settings?: Record<string, unknown>;
  files?: Record<string, Buffer>;
  locale?: string;
}

/** The workspace file the selection test right-clicks in. */
export const readmeLines = ['# UI test workspace', '', 'a lighthouse on a cliff at dawn', ''];

/**
 * Packages the extension (or reuses a fresh .vsix), starts the simulator in this process and code-server with
 * `midjourney.baseUrl` pointing at it, and opens the workbench on a scratch workspace. Whatever started is
 * stopped again when a later step fails.
 */
export async function startStudio(opts: StudioOptions = {}): Promise<Studio> {
  // MJS_UI_EXTENSION=dev loads dist/ as a development extension instead of the packaged .vsix: quicker while
  // iterating, but the default tests what users install.
  const dev = process.env.MJS_UI_EXTENSION === 'dev';
  const vsix = dev ? undefined : ensureVsix();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-ui-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), readmeLines.join('\n'));
  // Written before the workbench opens, so the Explorer lists them at once.
  for (const [name, data] of Object.entries(opts.files ?? {}))
    fs.writeFileSync(path.join(workspace, name), data);
  let sim: Simulator | undefined;
  let server: CodeServer | undefined;
  try {
    sim = await startSimulator({ speed: 'fast' });
    server = await startCodeServer({
      vsix,
      smokeTestDriver: dev,
      ...(opts.locale ? { locale: opts.locale } : {}),
      settings: { 'midjourney.baseUrl': sim.url, 'midjourney.notifyOnFinish': true, ...opts.settings },
    });
    const workbench = await openWorkbench(
      workbenchUrl(server, workspace, dev ? { extensionDevelopmentPath: repoRoot } : undefined),
    );
    console.log(
      `    VS Code ${vscodeVersion()} (code-server), Chromium ${workbench.chromiumVersion}, simulator ${sim.url}`,
    );
    await waitForActivityIcon(workbench.page, 'Midjourney');
    const started = { sim, server, workbench, workspace };
    return {
      ...started,
      stop: async () => {
        await workbench.close().catch(() => undefined);
        await started.server.stop();
        await started.sim.close();
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.stop();
    await sim?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
}

/** The simulator's submits to one endpoint (`imagine`, `action`…), whatever mode prefix the client used. */
export function submits(sim: Simulator, endpoint: string): RecordedRequest[] {
  return sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/submit/${endpoint}`));
}

/** A field of a recorded JSON body, as a string ('' when absent). */
export function bodyField(req: RecordedRequest, field: string): string {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[field] : undefined;
  return typeof value === 'string' ? value : '';
}

/** Sets the simulator's key through the palette, as a user would, and waits until the extension saved it. */
export async function setApiKey(page: Page, key: string): Promise<void> {
  // Keys go to the workbench, not into a focused webview's iframe.
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await runCommand(page, 'Midjourney: Set API Key');
  await quickInput(page, key, { title: 'Set API Key' });
  await waitForNotification(page, /API key saved/i);
}

/** The suite's studio, as `useStudio` hands it to the tests. */
export interface StudioHandle {
  /** The running studio; throws when the workbench did not start (so a test fails with that, not a TypeError). */
  readonly studio: Studio;
  /** The workbench page (throws like `studio`). */
  page(): Page;
  /** The simulator the extension talks to (throws like `studio`). */
  readonly sim: Simulator;
  /** Whether the studio started: for afterEach hooks that should do nothing when it did not. */
  readonly started: boolean;
  /** Keeps a picture for docs/screenshots/<name>.png, written in after() only when every test of the suite passed. */
  keepScreenshot(name: string, data: Buffer): void;
}

/**
 * The set-up every UI suite shares, registered as mocha hooks of the calling describe(): before() starts the
 * studio (and, with `apiKey`, sets the simulator's key from the palette); afterEach saves a screenshot of a
 * failed test, then tidies what `tidy` names so the next test sees only its own; after() writes the kept
 * screenshots if every test passed and stops the studio. Call it at the top of the describe body, before the
 * suite's own hooks, which then run after these (mocha runs hooks in the order they were registered).
 * `settings` may be a function, read when before() runs (for a URL a hook registered earlier has made).
 */
export function useStudio(
  opts: Omit<StudioOptions, 'settings'> & {
    settings?: Record<string, unknown> | (() => Record<string, unknown>);
    apiKey?: boolean;
    tidy?: { escape?: boolean; notifications?: boolean; editors?: boolean };
  } = {},
): StudioHandle {
  let studio: Studio | undefined;
  const kept: { name: string; data: Buffer }[] = [];
  const handle: StudioHandle = {
    get studio(): Studio {
      if (!studio) throw new Error('the workbench did not start');
      return studio;
    },
    page: () => handle.studio.workbench.page,
    get sim(): Simulator {
      return handle.studio.sim;
    },
    get started(): boolean {
      return studio !== undefined;
    },
    keepScreenshot: (name, data) => void kept.push({ name, data }),
  };

  before(async function () {
    this.timeout(300_000);
    const { settings, files, locale } = opts;
    studio = await startStudio({
      ...(settings ? { settings: typeof settings === 'function' ? settings() : settings } : {}),
      ...(files ? { files } : {}),
      ...(locale ? { locale } : {}),
    });
    if (opts.apiKey) await setApiKey(studio.workbench.page, studio.sim.key);
  });

  after(async function () {
    const passed = this.test?.parent?.tests.every((t) => t.state === 'passed') ?? false;
    if (passed && kept.length) {
      const dir = path.join(repoRoot, 'docs', 'screenshots');
      fs.mkdirSync(dir, { recursive: true });
      for (const s of kept) fs.writeFileSync(path.join(dir, `${s.name}.png`), s.data);
    }
    await studio?.stop();
  });

  afterEach(screenshotOnFailure(() => studio?.workbench.page));
  const { tidy } = opts;
  if (tidy)
    afterEach(async () => {
      if (!studio) return;
      const page = studio.workbench.page;
      if (tidy.escape) await page.keyboard.press('Escape').catch(() => undefined);
      if (tidy.notifications) await clearNotifications(page).catch(() => undefined);
      if (tidy.editors) await closeAllEditors(page).catch(() => undefined);
    });

  return handle;
}
