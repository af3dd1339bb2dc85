import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../vscode/tools';

/**
 * The README's promise, kept by a test: a clean clone on a machine with no tool cache passes
 * `npm run test:integration` run from npm (which installs code-server with Node 24 itself), two setups started at
 * once on one empty cache both succeed (one waits for the other), and a half-made cache left by an interrupted run
 * is redone, not used. It clones the committed HEAD, so it tests what CI and a newcomer get.
 * About 5 minutes (npm ci, Node 24 and code-server from the npm registry, the integration suite).
 */
describe('a fresh clone with an empty tool cache', function () {
  this.timeout(20 * 60_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-fresh-'));
  const clone = path.join(tmp, 'clone');
  const cache = path.join(tmp, 'cache');
  const CODE_SERVER = 'code-server-4.139.1';

  /** A person's shell: none of the outer npm's npm_* variables (npm sets its own for the scripts it runs). */
  const shellEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
    return { ...env, MJS_CACHE: cache };
  };

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('clones HEAD and installs it with npm ci', async () => {
    const c = await run('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone], tmp, shellEnv());
    assert.equal(c.code, 0, c.out);
    const ci = await run('npm', ['ci'], clone, shellEnv());
    assert.equal(ci.code, 0, ci.out);
    assert.doesNotMatch(ci.out, /EBADENGINE/, 'npm ci printed an engine warning a newcomer would see');
  });

  it('redoes a half-made cache and lets two setups at once share it', async () => {
    // What an interrupted run leaves: code-server's folder without its completion mark, and a scratch folder.
    fs.mkdirSync(path.join(cache, CODE_SERVER, 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(cache, CODE_SERVER, 'half-made'), '');
    fs.mkdirSync(path.join(cache, `${CODE_SERVER}.partial`), { recursive: true });
    const [a, b] = await Promise.all([
      run('npm', ['run', 'setup'], clone, shellEnv()),
      run('npm', ['run', 'setup'], clone, shellEnv()),
    ]);
    assert.equal(a.code, 0, a.out);
    assert.equal(b.code, 0, b.out);
    assert.match(a.out + b.out, /another setup is running .*waiting for it/, 'the second setup did not wait');
    assert.ok(fs.existsSync(path.join(cache, CODE_SERVER, '.complete')), 'code-server not marked complete');
    assert.ok(!fs.existsSync(path.join(cache, CODE_SERVER, 'half-made')), 'the half-made install was reused');
    assert.ok(!fs.existsSync(path.join(cache, `${CODE_SERVER}.partial`)), 'a scratch folder was left behind');
    const tools = JSON.parse(fs.readFileSync(path.join(cache, 'env.json'), 'utf8')) as Record<string, string>;
    for (const p of Object.values(tools)) assert.ok(fs.existsSync(p), `${p} from env.json does not exist`);
  });

  it('passes npm run test:integration from npm', async () => {
    const r = await run('npm', ['run', 'test:integration'], clone, shellEnv());
    assert.equal(r.code, 0, r.out.slice(-4000));
    assert.match(r.out, /\d+ passing/);
    assert.doesNotMatch(r.out, /\d+ failing/);
  });
});

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}
