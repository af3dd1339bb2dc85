import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../vscode/tools';

/**
 * The same suite in desktop VS Code (Electron), for machines that can download it from
 * update.code.visualstudio.com. Not used here (no such access); `node out/test/integration/runElectron.js`.
 */
async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-itest-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration workspace\n\na lighthouse at dusk\n');
  try {
    await runTests({
      version: process.env.MJS_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
