import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { toolPaths } from './tools';

/** How to start one private code-server (VS Code 1.139 workbench + Node extension host). */
export interface CodeServerOptions {
  /** Extra user settings, merged over the quiet defaults (e.g. `midjourney.baseUrl`). */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and its extension host (e.g. `MJS_SIM_URL`). */
  env?: Record<string, string>;
  /** Passes `--vscode-option enable-smoke-test-driver`, which makes the workbench call
   *  `window.codeAutomationExit/Log` — what the integration runner listens to. */
  smokeTestDriver?: boolean;
  /** Install this packaged extension (the other way: a development payload, see workbenchUrl) into the private extensions dir before starting. */
  vsix?: string;
  /** A fixed port (the demo prints a stable URL); a free one otherwise. */
  port?: number;
  /** The display language (`--locale`, e.g. `zh-cn`), with an empty language pack so extensions load their package.nls.<locale>.json and l10n bundle. */
  locale?: string;
  /** Keep the temp folder after stop() (to read logs after a failure). */
  keep?: boolean;
  /** Receives every line the server prints; the lines always go to `<root>/code-server.log` too. */
  onLog?: (line: string) => void;
}

export interface CodeServer {
  url: string;
  port: number;
  /** The private temp folder holding HOME, XDG dirs, TMPDIR, the user data and extension dirs, the log. */
  root: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Whether the payload (extension development/tests) is honoured: the built workbench reads it only then. */
  smokeTestDriver: boolean;
  /** Stops the whole process group (server, extension host, file watcher); safe to call twice. */
  stop(): Promise<void>;
}

/** Settings every run gets: no welcome page, tips, telemetry or update prompts that would cover the UI under test. */
const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  'files.hotExit': 'off',
};

/** Process groups still running, killed synchronously if this process exits without stop(). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  });
  // Without these, Ctrl+C or a CI timeout's SIGTERM would leave code-server running in its own group.
  // A caller with its own handler (the demo) stops things gracefully and exits; then the exit hook is enough.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      if (process.listeners(signal).some((l) => l !== handler)) return;
      for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on(signal, handler);
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Asks the kernel for a free loopback port. */
/**
 * Without a language pack for the locale, the server falls back to English for everything, extensions too.
 * This registers an empty one (no workbench translations: VS Code's own words stay English) in the cache the
 * server reads at start, so the workbench runs in `locale` and extensions load their texts for it.
 */
function writeLanguagePack(userDataDir: string, root: string, locale: string): void {
  const translations = path.join(root, 'language-pack', 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    [locale]: {
      hash: `test-${locale}`,
      extensions: [{ extensionIdentifier: { id: `test.language-pack-${locale}` }, version: '0.0.1' }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(pack));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment code-server runs with: ours minus anything that would steer it elsewhere, plus private dirs. */
function privateEnv(root: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // PORT overrides --bind-addr; PASSWORD/GITHUB_TOKEN are credentials code-server would pick up;
    // VSCODE_*/ELECTRON_* leak from a surrounding VS Code terminal and confuse the server.
    if (
      /^(PORT|PASSWORD|HASHED_PASSWORD|GITHUB_TOKEN|CODE_SERVER_.*|VSCODE_.*|ELECTRON_.*|NODE_OPTIONS)$/.test(
        k,
      )
    )
      continue;
    env[k] = v;
  }
  const dirs = {
    HOME: 'home',
    XDG_CONFIG_HOME: 'xdg/config',
    XDG_DATA_HOME: 'xdg/data',
    XDG_CACHE_HOME: 'xdg/cache',
    XDG_STATE_HOME: 'xdg/state',
    TMPDIR: 'tmp',
  };
  for (const [k, rel] of Object.entries(dirs)) {
    const dir = path.join(root, rel);
    fs.mkdirSync(dir, { recursive: true });
    env[k] = dir;
  }
  return { ...env, ...extra };
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err)
        reject(
          new Error(`${path.basename(file)} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`),
        );
      else resolve(stdout + stderr);
    });
  });
}

function healthz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts code-server in its own process group on 127.0.0.1 with private HOME/XDG/TMPDIR, user data and
 * extension dirs, waits for /healthz, and returns a handle whose stop() kills the whole group.
 */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const tools = toolPaths();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-vscode-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const logFile = path.join(root, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );
  const env = privateEnv(root, options.env);
  const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const cleanup = (): void => {
    if (!options.keep) fs.rmSync(root, { recursive: true, force: true });
  };

  if (options.vsix) {
    try {
      await run(
        tools.node24,
        [tools.codeServer, ...dirArgs, '--install-extension', path.resolve(options.vsix), '--force'],
        env,
        120_000,
      );
    } catch (e) {
      cleanup();
      throw e;
    }
  }

  if (options.locale && !options.locale.startsWith('en'))
    writeLanguagePack(userDataDir, root, options.locale);

  const port = options.port ?? (await freePort());
  const args = [
    tools.codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '0',
    ...dirArgs,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.locale ? ['--locale', options.locale] : []),
  ];
  const log = fs.createWriteStream(logFile);
  installExitHook();
  // detached: its own process group, so stop() reaches the extension host and watchers too.
  const child: ChildProcess = spawn(tools.node24, args, {
    env,
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid === undefined) {
    cleanup();
    throw new Error('code-server did not start (no pid)');
  }
  liveGroups.add(pgid);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (!options.onLog) return;
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLog(line);
    });
  }

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killGroup(pgid, 'SIGTERM');
    await Promise.race([exitPromise, delay(5000)]);
    // The server may exit before its extension host does: sweep the group until it is empty.
    for (let i = 0; i < 20 && groupAlive(pgid); i++) {
      killGroup(pgid, 'SIGKILL');
      await delay(100);
    }
    liveGroups.delete(pgid);
    await new Promise<void>((resolve) => log.end(resolve));
    cleanup();
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await healthz(port)) break;
    if (exited || Date.now() > deadline) {
      const why = exited ? `exited (${exited.code ?? exited.signal})` : 'did not answer /healthz within 60 s';
      const logTail = tail(logFile);
      await stop();
      throw new Error(`code-server ${why}. Last lines of its log:\n${logTail}`);
    }
    await delay(200);
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    root,
    userDataDir,
    extensionsDir,
    logFile,
    smokeTestDriver: !!options.smokeTestDriver,
    stop,
  };
}

/** What `?payload=` carries: VS Code's own way to open a window in extension-development or test mode. */
export interface DevelopmentPayload {
  /** Absolute path of the extension folder on the server (the repo root). */
  extensionDevelopmentPath: string;
  /** Absolute path of a module exporting `run()` (without .js), e.g. out/test/integration/index. */
  extensionTestsPath?: string;
}

/**
 * The workbench URL for a folder. code-server's remote authority is literally `remote`, so server paths in the
 * payload are `vscode-remote://remote/<abs path>`.
 */
export function workbenchUrl(
  server: Pick<CodeServer, 'url' | 'smokeTestDriver'>,
  folder: string,
  dev?: DevelopmentPayload,
): string {
  const params = new URLSearchParams({ folder });
  if (dev) {
    // A built workbench ignores the payload unless the smoke-test driver is on: fail here, not with a missing extension.
    if (!server.smokeTestDriver)
      throw new Error('A development payload needs startCodeServer({ smokeTestDriver: true }).');
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', `vscode-remote://remote${dev.extensionDevelopmentPath}`],
    ];
    if (dev.extensionTestsPath)
      payload.push(['extensionTestsPath', `vscode-remote://remote${dev.extensionTestsPath}`]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${params.toString()}`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
