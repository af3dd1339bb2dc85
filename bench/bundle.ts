import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { repoRoot } from '../test/vscode/tools';
import { goalRow, infoRow } from './report';
import type { Row } from './report';

export interface BundleResult {
  extensionBytes: number;
  webviewBytes: number;
  vsixBytes: number;
  rows: Row[];
  notes: string[];
}

const KB = 1024;

/** The bundles esbuild.js's `chunks` table makes (loaded on first use, never at activation). */
function lazyBundles(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chunks } = require(path.join(repoRoot, 'esbuild.js')) as { chunks: { name: string }[] };
  return chunks.map((c) => `${c.name}.js`);
}

/**
 * Builds the production bundles and the .vsix with the project's own `npm run package` (which runs
 * `node esbuild.js --production` first), then reads their sizes. Building here, in the run, means the
 * figures can never come from a stale development build left in dist/.
 */
export function runBundleBench(): BundleResult {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const notes: string[] = [];
  try {
    execFileSync(npm, ['run', '-s', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    // The figures are still worth having: package the same files the same way, minus the README link
    // rewriting that fails without a repository URL, and say so loudly.
    const why = String((e as { stderr?: Buffer }).stderr ?? e)
      .split('\n')
      .find((l) => /ERROR/.test(l));
    notes.push(
      `NOTE: npm run package FAILED (${why?.trim() ?? 'see above'}); the .vsix below was made with vsce --no-rewrite-relative-links`,
    );
    fs.rmSync(path.join(repoRoot, 'midjourney-studio.vsix'), { force: true });
    execFileSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'),
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '-o',
        'midjourney-studio.vsix',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  const size = (rel: string): number => fs.statSync(path.join(repoRoot, rel)).size;
  const gzip = (rel: string): number => zlib.gzipSync(fs.readFileSync(path.join(repoRoot, rel))).length;
  const extensionBytes = size('dist/extension.js');
  const webviewBytes = size('dist/webview.js');
  const vsixBytes = size('midjourney-studio.vsix');
  return {
    notes,
    extensionBytes,
    webviewBytes,
    vsixBytes,
    rows: [
      goalRow('bundle', 'dist/extension.js, loaded at activation (minified)', extensionBytes, 150 * KB, 'KB'),
      // start.js loads right after activate() returns, in every window: it counts against the same goal.
      goalRow(
        'bundle',
        'loaded at every window start: extension.js + start.js',
        extensionBytes + size('dist/start.js'),
        150 * KB,
        'KB',
      ),
      infoRow('bundle', 'dist/extension.js gzipped', gzip('dist/extension.js'), 'KB'),
      goalRow('bundle', 'dist/webview.js (minified)', webviewBytes, 40 * KB, 'KB'),
      infoRow('bundle', 'dist/webview.js gzipped', gzip('dist/webview.js'), 'KB'),
      goalRow('bundle', 'midjourney-studio.vsix', vsixBytes, 500 * KB, 'KB'),
      ...lazyBundles()
        .filter((f) => f !== 'start.js')
        .map((f) => infoRow('bundle', `dist/${f} (loaded on first use)`, size(`dist/${f}`), 'KB')),
    ],
  };
}
