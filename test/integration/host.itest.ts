import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../../sim/server';
import type { StudioApi } from '../../src/extension';
import type { TaskRecord } from '../../src/core/tasks/store';

const extensionId = 'midjourney-studio.midjourney-studio';
const CANARY = 'canary-key-7f3a9c1e55d2';

async function api(): Promise<StudioApi> {
  const ext = vscode.extensions.getExtension<StudioApi>(extensionId);
  assert.ok(ext, 'extension missing');
  return ext.activate();
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function record(id: string, status: string, parentId?: string): TaskRecord {
  const now = Date.now();
  return {
    task: {
      id,
      action: parentId ? 'UPSCALE' : 'IMAGINE',
      status,
      prompt: `seeded ${id}`,
      promptEn: '',
      description: '',
      state: '',
      buttons: [],
    },
    parentId,
    origin: parentId
      ? { kind: 'action', label: 'U2', customId: 'MJ::JOB::upsample::2::x' }
      : { kind: 'imagine' },
    createdAt: now,
    updatedAt: now,
  };
}

describe('Host: tree, panel, key, a full task against the simulator', () => {
  let sim: Simulator;
  let studio: StudioApi;

  before(async function () {
    this.timeout(60_000);
    studio = await api();
    sim = await startSimulator({ dialect: 'trueai', speed: 'fast', key: CANARY });
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('baseUrl', sim.url, vscode.ConfigurationTarget.Global);
    await until('the new base URL', () => studio.studio.settings.active.baseUrl === sim.url || undefined);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await sim?.close();
  });

  it('shows tasks from globalState in the tree, children under their parent', async () => {
    const { studio: s, tree } = studio;
    await s.store.add(record('9000000000001', 'SUCCESS'));
    await s.store.add(record('9000000000002', 'FAILURE', '9000000000001'));
    const roots = tree.getChildren();
    assert.ok(roots.includes('9000000000001'));
    assert.ok(!roots.includes('9000000000002'), 'a child must not be listed at the root');
    assert.deepEqual(tree.getChildren('9000000000001'), ['9000000000002']);
    const item = tree.getTreeItem('9000000000002');
    assert.equal(item.contextValue, 'task:failure');
    assert.match(String(item.label), /^U2 · seeded/);
    assert.equal(tree.getParent('9000000000002'), '9000000000001');
    // The record is in globalState under its own key (the first paint's cache) and, the copy that counts,
    // in its own file that other windows share (issue 16).
    assert.ok(s.context.globalState.get('mj.task.9000000000001'));
    const tasksDir = vscode.Uri.joinPath(s.context.globalStorageUri, 'tasks').fsPath;
    const file = JSON.parse(fs.readFileSync(`${tasksDir}/r-9000000000001.json`, 'utf8')) as {
      rec: TaskRecord;
    };
    assert.equal(file.rec.task.id, '9000000000001');
    await s.store.delete('9000000000002');
    await s.store.delete('9000000000001');
    // A deletion is recorded (a tombstone), not inferred from a missing key.
    assert.ok(fs.existsSync(`${tasksDir}/d-9000000000001-0.json`));
  });

  it('opens a panel with a strict CSP, and the serializer restores it from its state', async () => {
    const { studio: s, panels } = studio;
    await s.store.add(record('9000000000003', 'SUCCESS'));
    await vscode.commands.executeCommand('midjourney.openTask', '9000000000003');
    assert.ok(panels.openTaskIds().includes('9000000000003'));

    const restored = vscode.window.createWebviewPanel(
      'midjourney.task',
      'restored',
      vscode.ViewColumn.Active,
      {},
    );
    await panels.deserializeWebviewPanel(restored, { taskId: '9000000000003' });
    assert.equal(panels.openTaskIds().filter((id) => id === '9000000000003').length, 2);
    const html = restored.webview.html;
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'a nonce');
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));

    // A state naming an unknown task (or garbage) closes the panel instead of showing nothing.
    let disposed = false;
    const bogus = vscode.window.createWebviewPanel('midjourney.task', 'bogus', vscode.ViewColumn.Active, {});
    bogus.onDidDispose(() => (disposed = true));
    await panels.deserializeWebviewPanel(bogus, { taskId: '<script>' });
    assert.equal(disposed, true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await s.store.delete('9000000000003');
  });

  it('runs a task against the simulator: imagine → SUCCESS → local PNG → U1 child; the key stays secret', async function () {
    this.timeout(60_000);
    const { studio: s, tree } = studio;
    assert.equal(await vscode.commands.executeCommand('midjourney.setApiKey', CANARY), true);
    const out = await s.tasks.imagine('integration lighthouse');
    const id = out.record.task.id;
    const done = await until('SUCCESS', () => {
      const r = s.store.get(id);
      return r?.task.status === 'SUCCESS' && r.localImage ? r : undefined;
    });
    const bytes = fs.readFileSync(done.localImage as string);
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'the local copy is a PNG');
    const u1 = done.task.buttons.find((b) => b.label === 'U1');
    assert.ok(u1, 'the server offered U1');
    const child = await s.tasks.pressButton(id, u1.customId);
    assert.deepEqual(tree.getChildren(id), [child.record.task.id]);
    await until(
      'the upscale',
      () => s.store.get(child.record.task.id)?.task.status === 'SUCCESS' || undefined,
    );

    const submits = sim.requests.filter((r) => r.path.includes('/submit/'));
    assert.deepEqual(
      submits.map((r) => r.path),
      ['/mj/submit/imagine', '/mj/submit/action'],
    );
    assert.equal(submits[0].headers.authorization, CANARY, 'the key went to the configured server');

    // The key is in SecretStorage, never in globalState.
    const state = s.context.globalState;
    for (const key of state.keys()) {
      assert.ok(!JSON.stringify(state.get(key) ?? null).includes(CANARY), `globalState ${key} holds the key`);
    }
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('midjourney')).includes(CANARY));
  });
});
