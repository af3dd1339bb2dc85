import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../../sim/server';
import type { StudioApi } from '../../src/extension';

const extensionId = 'midjourney-studio.midjourney-studio';

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Server profiles', () => {
  let a: Simulator;
  let b: Simulator;
  let api: StudioApi;
  const config = () => vscode.workspace.getConfiguration('midjourney');

  before(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension<StudioApi>(extensionId);
    assert.ok(ext);
    api = await ext.activate();
    a = await startSimulator({ dialect: 'trueai', speed: 'fast', key: 'key-of-a' });
    b = await startSimulator({ dialect: 'novicezk', speed: 'fast', key: 'key-of-b' });
    await config().update('baseUrl', a.url, vscode.ConfigurationTarget.Global);
    await config().update(
      'profiles',
      [{ name: 'Box B', baseUrl: b.url, authHeader: 'mj-api-secret', speed: 'relax' }],
      vscode.ConfigurationTarget.Global,
    );
    await until('settings', () => api.studio.settings.profiles.length === 2 || undefined);
  });

  after(async () => {
    await config().update('profiles', undefined, vscode.ConfigurationTarget.Global);
    await config().update('activeProfile', undefined, vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await a?.close();
    await b?.close();
  });

  it('keeps one key per server and asks each task of the server that made it', async function () {
    this.timeout(60_000);
    const s = api.studio;
    await vscode.commands.executeCommand('midjourney.setApiKey', 'key-of-a');
    const onA = await s.tasks.imagine('made on A');

    await vscode.commands.executeCommand('midjourney.switchProfile', 'Box B');
    await until('profile B active', () => s.settings.active.name === 'Box B' || undefined);
    assert.equal(await s.hasKey(), false, "B must not inherit A's key");
    await vscode.commands.executeCommand('midjourney.setApiKey', 'key-of-b');
    const onB = await s.tasks.imagine('made on B');

    await until('both finished', () =>
      s.store.get(onA.record.task.id)?.task.status === 'SUCCESS' &&
      s.store.get(onB.record.task.id)?.task.status === 'SUCCESS'
        ? true
        : undefined,
    );
    // Each server saw only its own key, its own submit, and polls for its own task ids.
    const seen = (sim: Simulator) =>
      sim.requests.map((r) => JSON.stringify(r.headers) + JSON.stringify(r.body));
    assert.ok(seen(a).every((t) => !t.includes('key-of-b') && !t.includes(onB.record.task.id)));
    assert.ok(seen(b).every((t) => !t.includes('key-of-a') && !t.includes(onA.record.task.id)));
    const bSubmit = b.requests.find((r) => r.path.endsWith('/submit/imagine'));
    assert.equal(bSubmit?.path, '/mj-relax/mj/submit/imagine', 'the speed prefix of profile B');
    assert.equal(bSubmit?.headers['mj-api-secret'], 'key-of-b');
    assert.equal(a.submitCount(), 1);
    assert.equal(b.submitCount(), 1);
  });

  it('Test Connection says in one sentence what the active server offers', async function () {
    this.timeout(30_000);
    const summary = await vscode.commands.executeCommand<string>('midjourney.testConnection');
    assert.match(
      summary ?? '',
      /answers and accepts your API key\. Here you can: [^.]*upscale, vary and reroll a grid/,
    );
    assert.match(summary ?? '', /Not on this server: [^.]*press the buttons under a finished image/);
    assert.doesNotMatch(summary ?? '', /list-by-condition|modal|\baction\b/, 'no endpoint names');
  });
});
