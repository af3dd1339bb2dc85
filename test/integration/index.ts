import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { suiteBegin, suiteEnd } from './markers';

/**
 * The entry VS Code calls inside the extension host when a window is opened with `extensionTestsPath`
 * (code-server's payload here, @vscode/test-electron elsewhere). Runs every `*.itest.js` next to this file
 * and rejects when one fails, which the workbench turns into the extension host's exit code.
 * MJS_TEST_GREP (from the runner's environment) narrows the run to matching test titles.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.MJS_TEST_GREP) mocha.grep(process.env.MJS_TEST_GREP);
  for (const file of findTests(__dirname)) mocha.addFile(file);
  await mocha.loadFilesAsync();
  console.log(suiteBegin);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  console.log(suiteEnd);
  if (failures > 0) throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`);
}

function findTests(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.itest.js'))
    .sort()
    .map((f) => path.join(dir, f));
}
