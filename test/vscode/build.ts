import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './tools';

/** Where `npm run package` writes the extension. */
export const vsixPath = path.join(repoRoot, 'midjourney-studio.vsix');

/**
 * Builds dist/ and the .vsix with the project's own `npm run package` (vsce, offline). Its output (vsce's list
 * of packed files) is noise for whoever runs the demo or the tests: it is printed only when packaging fails.
 */
export function buildVsix(): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['run', '-s', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stdout.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    throw new Error(`npm run package failed (exit ${run.status ?? run.signal})`);
  }
  if (!fs.existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);
  return vsixPath;
}

/**
 * The .vsix to test: reused when it is newer than every source file, so `npm run test:ui` (which packages
 * first) does not package twice; rebuilt otherwise, so a stale package is never what gets tested.
 */
export function ensureVsix(): string {
  if (fs.existsSync(vsixPath) && fs.statSync(vsixPath).mtimeMs >= newestSource()) return vsixPath;
  return buildVsix();
}

function newestSource(): number {
  let newest = fs.statSync(path.join(repoRoot, 'package.json')).mtimeMs;
  for (const dir of ['src', 'media']) {
    const root = path.join(repoRoot, dir);
    if (!fs.existsSync(root)) continue;
    for (const f of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
    }
  }
  return newest;
}
