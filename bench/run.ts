/**
 * `npm run bench`: every part of the benchmark in one run, each printing its figures, goals and verdicts as it
 * finishes, then one summary table and the machine's notes. Ratios only compare figures measured in this same
 * run; nothing here asserts a time, so a busy shared machine gives slower figures, never a failing test run.
 * Exit code: 0 when every part ran (goals may be NOT MET), 1 when a part could not run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, toolPaths, vscodeVersion } from '../test/vscode/tools';
import { runActivationBench } from './activation';
import { runBundleBench } from './bundle';
import { runGalleryBench } from './gallery';
import { runHistoryBench } from './history';
import { runPanelBench } from './panel';
import { memoryInMap, runPollingBench } from './polling';
import { runPromptLanguageBench } from './promptLanguage';
import { formatTable, goalRow, infoRow, printPart } from './report';
import type { Row } from './report';

function codeServerVersion(): string {
  const pkg = path.join(path.dirname(toolPaths().codeServer), '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** The machine's notes, printed with the figures so they can be read side by side. */
function machineNotes(chromium: string): string[] {
  const sh = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'n/a';
    }
  };
  return [
    `nproc: ${sh('nproc', [])}`,
    `free -h:\n${sh('free', ['-h'])}`,
    `CPU: ${os.cpus()[0]?.model ?? 'n/a'} (${os.cpus().length} logical)`,
    `Node: ${process.version} (bench); extension host Node: ${sh(toolPaths().node24, ['--version'])}`,
    `VS Code: ${vscodeVersion()} (code-server ${codeServerVersion()})`,
    `Chromium: ${chromium}`,
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  const failed: string[] = [];
  let chromium = 'n/a';
  const part = async (name: string, run: () => Promise<{ rows: Row[]; notes?: string[] }>): Promise<void> => {
    const t = Date.now();
    try {
      const r = await run();
      printPart(`${name} (${((Date.now() - t) / 1000).toFixed(0)} s)`, r.rows, r.notes);
      rows.push(...r.rows);
    } catch (e) {
      failed.push(name);
      console.log(
        `\n== ${name} == FAILED TO RUN: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
    }
  };

  // First: it builds the production bundles and the .vsix that activation and panel load.
  await part('bundle', async () => runBundleBench());
  const vsix = path.join(repoRoot, 'midjourney-studio.vsix');
  await part('history', () => runHistoryBench());
  await part('gallery', () => runGalleryBench());
  await part('prompt language', async () => runPromptLanguageBench());
  // One row set per progress profile: Midjourney's 16 % steps, servers with 25 % or 10 % steps, and one that
  // jumps from 0 % to 100 % (the finish window learns the step size; with no steps only the run lengths of
  // finished tasks bound a finish). Each server runs twice: a first session, which knows nothing of it, then
  // the next one, on another plan of tasks, which starts with what the first remembered (the poller's
  // ProgressMemory, globalState in the extension): what a user sees from their second session on.
  const profiles = (
    [
      [16, '16 % steps'],
      [25, '25 % steps'],
      [10, '10 % steps'],
      ['jump', '0 → 100 %'],
    ] as const
  ).flatMap(([steps, name]) => {
    const memory = memoryInMap();
    return [
      { steps, memory, label: `${name}, first session` },
      { steps, memory, seed: 2, label: `${name}, next session` },
    ];
  });
  for (const { label, ...opts } of profiles) {
    await part(`polling, ${label}`, async () => {
      const r = await runPollingBench(opts);
      const f = (x: { requests: number; lagMs: { p50: number; p95: number } }, name: string): Row =>
        infoRow(
          'polling',
          `${label}: ${name}: requests / lag p50 / p95`,
          `${x.requests} / ${x.lagMs.p50.toFixed(0)} ms / ${x.lagMs.p95.toFixed(0)} ms`,
        );
      return {
        rows: [
          f(r.ours, 'our Poller'),
          f(r.baselines.list2s, 'list-by-condition all every 2 s (trueai web UI)'),
          f(r.baselines.fetch5s, 'per-task fetch every 5 s (Dooy)'),
          goalRow('polling', `${label}: requests vs list-every-2s`, r.ratios.vsList2s, 0.6, 'x'),
          infoRow('polling', `${label}: requests vs fetch-every-5s`, r.ratios.vsFetch5s, 'x'),
          goalRow('polling', `${label}: detection lag p95`, r.ours.lagMs.p95, 1500, 'ms'),
        ],
        notes: [`${r.plan.length} tasks on the simulator, progress ${label}`],
      };
    });
  }
  await part('activation', async () => {
    const r = await runActivationBench({ vsix, rounds: 4 });
    chromium = r.chromiumVersion;
    return r;
  });
  await part('panel', async () => {
    const r = await runPanelBench({ runs: 10 });
    chromium = r.chromiumVersion;
    return r;
  });

  console.log('\n== summary ==');
  console.log(formatTable(rows));
  const notMet = rows.filter((r) => r.verdict === 'NOT MET');
  console.log(
    `\n${rows.filter((r) => r.verdict === 'MET').length} goals MET, ${notMet.length} NOT MET${failed.length ? `; parts that failed to run: ${failed.join(', ')}` : ''}`,
  );
  console.log(`\n== machine ==\n${machineNotes(chromium).join('\n')}`);
  console.log(`\nbench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = failed.length ? 1 : 0;
}

void main();
