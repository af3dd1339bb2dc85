/**
 * Times an installed extension's own activation work in the extension host: the require() of its main file
 * and the call of its activate(), with performance.now(). The activation benchmark puts the same wrapper in
 * front of both extensions' installed copies (in the benchmark's private extensions dir, never in the repo):
 * the main file is renamed `<name>.real.js` and a wrapper takes its place, so VS Code loads the wrapper by the
 * manifest's unchanged `main`, and the wrapper loads the real file from the same folder (so `require('vscode')`
 * still resolves to that extension's API).
 *
 * Why not only VS Code's own figure ("Developer: Show Running Extensions"): its code-loading clock starts before
 * an await (localized messages), so it also counts whatever other extensions run in between. And NODE_OPTIONS
 * preloads do not work: VS Code removes NODE_OPTIONS from the extension host's environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One activation as the wrapper records it (one JSON line per extension host). */
export interface MeterLine {
  pid: number;
  requireMs: number;
  activateMs: number;
}

/**
 * A directory read or a network connection the extension's own code started (its stack runs through one of
 * the extension's bundles), `ms` after the require of its main file began.
 */
export interface IoLine {
  pid: number;
  io: 'readdir' | 'connect';
  ms: number;
}

/** The installed folder of `publisher.name` in an extensions dir (`publisher.name-version`). */
export function installedFolder(extensionsDir: string, id: string): string {
  const hit = fs.readdirSync(extensionsDir).find((d) => d.toLowerCase().startsWith(`${id.toLowerCase()}-`));
  if (!hit) throw new Error(`${id} is not installed in ${extensionsDir}`);
  return path.join(extensionsDir, hit);
}

/** Wraps the installed extension's main file; returns nothing, the lines go to `meterFile`. */
export function installMeter(folder: string, meterFile: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { main: string };
  let main = path.join(folder, manifest.main);
  if (!main.endsWith('.js')) main += '.js';
  const real = main.replace(/\.js$/, '.real.js');
  fs.renameSync(main, real);
  const source = [
    `'use strict';`,
    `const { performance } = require('node:perf_hooks');`,
    `const fs = require('node:fs');`,
    `const t0 = performance.now();`,
    // Every readdir/opendir and every TCP/TLS connection whose stack passes through one of this extension's
    // bundles (not through this wrapper, whose own frame is in every patched call) is written down.
    `const mine = (stack) => stack.split('\\n').some((l) => l.includes(${JSON.stringify(path.dirname(main) + path.sep)}) && !l.includes(${JSON.stringify(main + ':')}));`,
    `const stackOf = () => { const limit = Error.stackTraceLimit; Error.stackTraceLimit = 40; const s = new Error().stack || ''; Error.stackTraceLimit = limit; return s; };`,
    `const note = (io) => { if (mine(stackOf())) fs.appendFileSync(${JSON.stringify(meterFile)}, JSON.stringify({ pid: process.pid, io, ms: performance.now() - t0 }) + '\\n'); };`,
    `const wrap = (obj, name, io) => { const f = obj[name]; if (typeof f !== 'function') return; obj[name] = function (...a) { note(io); return f.apply(this, a); }; };`,
    `for (const n of ['readdir', 'readdirSync', 'opendir', 'opendirSync']) wrap(fs, n, 'readdir');`,
    `for (const n of ['readdir', 'opendir']) wrap(fs.promises, n, 'readdir');`,
    `for (const n of ['connect', 'createConnection']) wrap(require('node:net'), n, 'connect');`,
    `wrap(require('node:tls'), 'connect', 'connect');`,
    `const real = require(${JSON.stringify(`./${path.basename(real)}`)});`,
    `const requireMs = performance.now() - t0;`,
    `exports.activate = function (...args) {`,
    `  const t1 = performance.now();`,
    `  const result = real.activate.apply(this, args);`,
    `  const activateMs = performance.now() - t1;`,
    `  fs.appendFileSync(${JSON.stringify(meterFile)}, JSON.stringify({ pid: process.pid, requireMs, activateMs }) + '\\n');`,
    `  return result;`,
    `};`,
    `exports.deactivate = function (...args) {`,
    `  return typeof real.deactivate === 'function' ? real.deactivate.apply(this, args) : undefined;`,
    `};`,
    '',
  ].join('\n');
  fs.writeFileSync(main, source);
}

function allLines(file: string): (MeterLine | IoLine)[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as MeterLine | IoLine);
}

/** Every activation the wrapper wrote down so far. */
export function meterLines(file: string): MeterLine[] {
  return allLines(file).filter((l): l is MeterLine => 'requireMs' in l);
}

/** The directory reads and connections of the extension host `pid`, in order. */
export function ioLines(file: string, pid: number): IoLine[] {
  return allLines(file).filter((l): l is IoLine => 'io' in l && l.pid === pid);
}
