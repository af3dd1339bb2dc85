/**
 * Editor-level rows of the reliability fault matrix (test/unit/faultMatrix.test.ts has the rest), inside the
 * real extension host against a simulator started here. The window-reload row needs the workbench itself and
 * lives in test/ui/faults.ui.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../../sim/server';
import type { StudioApi } from '../../src/extension';
import type { HostMessage } from '../../src/shared/protocol';

const extensionId = 'midjourney-studio.midjourney-studio';

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Fault matrix in the extension host', () => {
  let sim: Simulator;
  let api: StudioApi;
  const ttlMs = 3000;

  before(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension<StudioApi>(extensionId);
    assert.ok(ext, 'extension missing');
    api = await ext.activate();
    sim = await startSimulator({ dialect: 'trueai', speed: 'fast', imageTtlMs: ttlMs });
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('baseUrl', sim.url, vscode.ConfigurationTarget.Global);
    await until('the new base URL', () => api.studio.settings.active.baseUrl === sim.url || undefined);
    assert.equal(await vscode.commands.executeCommand('midjourney.setApiKey', sim.key), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await sim?.close();
  });

  it('an expired image link: the panel keeps showing the local copy, and nothing is submitted twice', async function () {
    this.timeout(60_000);
    const { studio: s, panels } = api;
    sim.clearRequests();
    const { record } = await s.tasks.imagine('faults: a link that expires');
    const id = record.task.id;
    const done = await until('SUCCESS with a local copy', () => {
      const r = s.store.get(id);
      return r?.task.status === 'SUCCESS' && r.localImage ? r : undefined;
    });
    console.log(`      SUCCESS with a local copy ${Date.now() - record.createdAt} ms after the submit`);
    const remote = done.task.imageUrl ?? '';
    const local = done.localImage as string;
    // The local copy is the server's picture, byte for byte (fetched here while the link still works).
    const served = await fetch(remote);
    assert.equal(served.status, 200);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), fs.readFileSync(local));

    // The link expires, as a signed CDN link does.
    await until('the link to expire', async () => ((await fetch(remote)).status === 403 ? true : undefined));

    // A panel opened now, and updated after a fresh poll of the server (which still names the dead link).
    const panel = vscode.window.createWebviewPanel(
      'midjourney.task',
      'expired link',
      vscode.ViewColumn.Active,
      {},
    );
    const states: Array<Extract<HostMessage, { type: 'state' }>['task']> = [];
    const post = panel.webview.postMessage.bind(panel.webview);
    panel.webview.postMessage = (m: HostMessage) => {
      if (m.type === 'state' && m.task.id === id) states.push(m.task);
      return post(m);
    };
    await panels.deserializeWebviewPanel(panel, { taskId: id });
    await until('the panel\u2019s first state', () => states.length > 0 || undefined);
    const refreshed = await s.tasks.refresh(id);
    assert.equal(refreshed?.task.imageUrl, remote, 'the server still lists the expired link');
    await until('a state after the refresh', () => states.length > 1 || undefined, 3000).catch(
      () => undefined,
    );

    const expected = panel.webview.asWebviewUri(vscode.Uri.file(local)).toString();
    for (const view of states) {
      assert.equal(view.imageSrc, expected, 'the panel shows the local copy');
      assert.equal(view.isPreview, false);
    }
    assert.ok(fs.existsSync(local), 'the local copy is kept');
    assert.equal(s.store.get(id)?.localImage, local);

    // No task lost, zero duplicate submits.
    assert.equal(sim.requests.filter((r) => r.path.includes('/submit/')).length, 1);
    assert.deepEqual(sim.taskIds(), [id]);
    panel.dispose();
  });
  it('Use as Style Reference on a picture whose link expired keeps a copy uploaded from the local file', async function () {
    this.timeout(60_000);
    const { studio: s } = api;
    const { record } = await s.tasks.imagine('faults: a style to keep');
    const id = record.task.id;
    const done = await until('SUCCESS with a local copy', () => {
      const r = s.store.get(id);
      return r?.task.status === 'SUCCESS' && r.localImage ? r : undefined;
    });
    const remote = done.task.imageUrl ?? '';
    assert.match(remote, /[?&]ex=[0-9a-f]+/, 'the link is signed to expire, as Discord signs it');
    await until('the link to expire', async () => ((await fetch(remote)).status === 403 ? true : undefined));
    sim.clearRequests();

    await vscode.commands.executeCommand('midjourney.useAsStyleReference', id);

    const uploads = sim.requests.filter((r) => r.path.endsWith('/submit/upload-discord-images'));
    assert.equal(uploads.length, 1, 'one upload');
    const refs =
      s.context.globalState.get<Array<{ url: string; taskId?: string; uploaded?: boolean }>>(
        'midjourney.styleRefs',
      );
    const ref = refs?.find((r) => r.taskId === id);
    assert.ok(ref, `a style reference for the task: ${JSON.stringify(refs)}`);
    assert.equal(ref.uploaded, true);
    assert.notEqual(ref.url, remote, 'not the dead link');
    // The server holds the local picture itself, under a link that works.
    const kept = await fetch(ref.url);
    assert.equal(kept.status, 200);
    assert.deepEqual(Buffer.from(await kept.arrayBuffer()), fs.readFileSync(done.localImage as string));
    assert.equal(sim.requests.filter((r) => /\/submit\/(imagine|action|change)/.test(r.path)).length, 0);
  });
});
