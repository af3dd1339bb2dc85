import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { startCodeServer, workbenchUrl } from '../vscode/codeServer';
import type { CodeServer } from '../vscode/codeServer';
import { repoRoot, vscodeVersion } from '../vscode/tools';
import { openWorkbench } from '../vscode/workbench';
import type { Workbench } from '../vscode/workbench';
import { suiteBegin, suiteEnd } from './markers';

/**
 * Runs test/integration's mocha suite inside a real VS Code extension host: code-server with the smoke-test
 * driver, a window opened with extensionDevelopmentPath = this repo and extensionTestsPath = index.js.
 * The workbench reports the extension host's output through window.codeAutomationLog and the suite's
 * result through window.codeAutomationExit; this process exits with that code.
 * Env: MJS_TEST_GREP narrows the tests; MJS_INTEGRATION_TIMEOUT (seconds, default 300) is the hard limit.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index');
  if (!fs.existsSync(`${testsEntry}.js`))
    throw new Error(`${testsEntry}.js is missing: run \`npm run compile-tests\` first.`);
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js')))
    throw new Error('dist/extension.js is missing: run `npm run build` first.');
  const hardTimeoutMs = Number(process.env.MJS_INTEGRATION_TIMEOUT ?? 300) * 1000;

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-itest-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration workspace\n\na lighthouse at dusk\n');
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    server = await startCodeServer({
      smokeTestDriver: true,
      env: process.env.MJS_TEST_GREP ? { MJS_TEST_GREP: process.env.MJS_TEST_GREP } : {},
    });
    let settle: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (settle = resolve));
    timer = setTimeout(() => {
      console.error(`integration: no result after ${hardTimeoutMs / 1000} s; giving up.`);
      settle(124);
    }, hardTimeoutMs);

    workbench = await openWorkbench(
      workbenchUrl(server, workspace, { extensionDevelopmentPath: repoRoot, extensionTestsPath: testsEntry }),
      {
        beforeNavigate: async (page) => {
          await page.exposeFunction('codeAutomationLog', makeLogPrinter());
          await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
        },
      },
    );
    console.log(
      `integration: VS Code ${vscodeVersion()} (code-server), Chromium ${workbench.chromiumVersion}`,
    );
    const code = await exitCode;
    console.log(
      `integration: extension host exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return code;
  } finally {
    if (timer) clearTimeout(timer);
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * Receives the workbench's log lines (console-style: a format string and its arguments). Everything goes to
 * test-results/integration-workbench.log; only the extension host's suite output goes to stdout.
 */
function makeLogPrinter(): (level: string, args: unknown) => void {
  const dir = path.join(repoRoot, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'integration-workbench.log');
  fs.writeFileSync(file, '');
  let inSuite = false;
  return (level, args) => {
    const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
    fs.appendFileSync(file, `[${level}] ${text}\n`);
    if (text === suiteBegin) inSuite = true;
    else if (text === suiteEnd) inSuite = false;
    else if (inSuite) console.log(text);
  };
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
