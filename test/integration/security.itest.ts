/**
 * Security checks inside the real extension host: every webview gets a strict CSP with a fresh nonce; a
 * workspace's .vscode/settings.json cannot send the key to its own host; a cross-origin redirect from the
 * server never carries the key anywhere.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../../sim/server';
import type { StudioApi } from '../../src/extension';
import type { TaskRecord } from '../../src/core/tasks/store';
import { startRecorder, type Recorder } from '../vscode/recorder';

const extensionId = 'midjourney-studio.midjourney-studio';
const CANARY = 'canary-sec-4b1d9e77a0c3';

async function api(): Promise<StudioApi> {
  const ext = vscode.extensions.getExtension<StudioApi>(extensionId);
  assert.ok(ext, 'extension missing');
  return ext.activate();
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function seeded(id: string): TaskRecord {
  const now = Date.now();
  return {
    task: {
      id,
      action: 'IMAGINE',
      status: 'SUCCESS',
      prompt: `csp ${id}`,
      promptEn: '',
      description: '',
      state: '',
      buttons: [],
    },
    origin: { kind: 'imagine' },
    createdAt: now,
    updatedAt: now,
  };
}

/** The CSP meta's content and the nonces the page uses, read from a webview's HTML. */
function cspOf(html: string): { csp: string; scriptNonces: string[] } {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html)?.[1] ?? '';
  const scriptNonces = [...html.matchAll(/<script\b[^>]*\bnonce="([^"]*)"/gi)].map((m) => m[1]!);
  return { csp, scriptNonces };
}

describe('Security in the extension host', () => {
  let studio: StudioApi;
  let sim: Simulator;
  let elsewhere: Recorder;

  before(async function () {
    this.timeout(60_000);
    studio = await api();
    sim = await startSimulator({ dialect: 'trueai', speed: 'fast', key: CANARY });
    elsewhere = await startRecorder();
    const config = vscode.workspace.getConfiguration('midjourney');
    await config.update('baseUrl', sim.url, vscode.ConfigurationTarget.Global);
    await until(
      'the new base URL',
      () => vscode.workspace.getConfiguration('midjourney').inspect('baseUrl')?.globalValue === sim.url,
    );
    assert.equal(await vscode.commands.executeCommand('midjourney.setApiKey', CANARY), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('midjourney.clearApiKey').then(undefined, () => undefined);
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await sim?.close();
    await elsewhere?.close();
  });

  it('gives every panel it creates a default-src none CSP and its own fresh nonce', async () => {
    const { studio: s } = studio;
    const ids = ['9100000000001', '9100000000002'];
    for (const id of ids) await s.store.add(seeded(id));
    // Every panel the extension asks VS Code for goes through this API object (shared with the extension).
    const created: vscode.WebviewPanel[] = [];
    const original = vscode.window.createWebviewPanel.bind(vscode.window);
    const win = vscode.window as { createWebviewPanel: typeof vscode.window.createWebviewPanel };
    win.createWebviewPanel = (...args: Parameters<typeof original>) => {
      const panel = original(...args);
      created.push(panel);
      return panel;
    };
    try {
      for (const id of ids) await vscode.commands.executeCommand('midjourney.openTask', id);
    } finally {
      win.createWebviewPanel = original;
    }
    assert.equal(created.length, 2, 'each openTask created one panel');
    const nonces: string[] = [];
    for (const panel of created) {
      const { csp, scriptNonces } = cspOf(panel.webview.html);
      const directives = csp.split(';').map((d) => d.trim());
      assert.equal(directives[0], "default-src 'none'", `CSP: ${csp}`);
      const scriptSrc = directives.find((d) => d.startsWith('script-src'));
      const nonce = /^script-src 'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc ?? '')?.[1];
      assert.ok(nonce, `script-src must allow only the nonce: ${scriptSrc}`);
      assert.ok(Buffer.from(nonce, 'base64').length >= 16, 'at least 128 bits of nonce');
      // (img/style/font-src name VS Code's own resource host, `https://*.vscode-cdn.net`: that wildcard is fine.)
      assert.ok(!/unsafe-|data:|blob:/.test(csp), `CSP allows unsafe-*, data: or blob:: ${csp}`);
      assert.ok(
        !directives.some((d) => /^(connect|frame|child|object)-src/.test(d)),
        `CSP opens more: ${csp}`,
      );
      assert.ok(scriptNonces.length > 0 && scriptNonces.every((n) => n === nonce), 'scripts carry the nonce');
      assert.equal(panel.webview.options.enableCommandUris, false, 'command: links stay off');
      nonces.push(nonce);
    }
    assert.notEqual(nonces[0], nonces[1], 'two panels share a nonce');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const id of ids) await s.store.delete(id);
  });

  it('ignores a workspace .vscode/settings.json that points the key at another host', async function () {
    this.timeout(60_000);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the integration window has a workspace folder');
    const dir = path.join(folder, '.vscode');
    const file = path.join(dir, 'settings.json');
    fs.mkdirSync(dir, { recursive: true });
    // Everything a hostile repository could try: the address, a profile, the header, a proxy that would see
    // plain-http requests, and no TLS checks. The suffix is a harmless marker that shows the file was read.
    const marker = '--ws-settings-were-read';
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          'midjourney.baseUrl': elsewhere.url,
          'midjourney.authHeader': 'mj-api-secret',
          'midjourney.profiles': [{ name: 'repo', baseUrl: elsewhere.url }],
          'midjourney.activeProfile': 'repo',
          'midjourney.promptSuffix': marker,
          'http.proxy': elsewhere.url,
          'http.proxyStrictSSL': false,
        },
        null,
        2,
      ),
    );
    try {
      await until(
        'the workspace settings to load',
        () => vscode.workspace.getConfiguration('midjourney').get<string>('promptSuffix') === marker,
      );
      sim.clearRequests();
      const { studio: s } = studio;
      const out = await s.tasks.imagine('a workspace probe');
      const id = out.record.task.id;
      await until('the probe to finish', () => s.store.get(id)?.task.status === 'SUCCESS', 30_000);

      const imagine = sim.requests.find((r) => r.path.endsWith('/submit/imagine'));
      assert.ok(imagine, 'the configured (user) server got the imagine');
      assert.equal(imagine.headers.authorization, CANARY, 'the key went to the user-configured server');
      assert.ok(
        sim.requests.some((r) => r.path.includes('/task/')),
        'and was polled there',
      );
      assert.deepEqual(
        elsewhere.hits.map((h) => `${h.method} ${h.url}`),
        [],
        'the workspace-named host received requests',
      );
      await s.store.delete(id);
    } finally {
      fs.rmSync(file, { force: true });
      await until(
        'the workspace settings to go away',
        () => vscode.workspace.getConfiguration('midjourney').get<string>('promptSuffix') !== marker,
      );
    }
  });

  it('does not follow a cross-origin redirect from the server, so the key never reaches the other host', async function () {
    this.timeout(60_000);
    const { studio: s } = studio;
    // Polls (fetch and list-by-condition) answer with a redirect to another host, every time.
    const target = `${elsewhere.url}/stolen`;
    sim.addFault({
      fault: { kind: 'redirect', location: target, status: 307 },
      path: '/mj/task',
      times: Infinity,
    });
    sim.clearRequests();
    elsewhere.hits.length = 0;
    try {
      const out = await s.tasks.imagine('a redirected probe');
      const id = out.record.task.id;
      await s.tasks.refresh(id).then(
        () => undefined,
        () => undefined,
      );
      // Give the poller several ticks of redirected answers.
      await until(
        'redirected polls',
        () => sim.requests.filter((r) => r.path.startsWith('/mj/task')).length >= 3 || undefined,
        30_000,
      );
      assert.deepEqual(elsewhere.hitsContaining(CANARY), [], 'the key reached the redirect target');
      assert.deepEqual(
        elsewhere.hits.map((h) => `${h.method} ${h.url}`),
        [],
        'a redirect was followed to another host',
      );
      await s.store.delete(id);
    } finally {
      sim.clearFaults();
    }
  });
});
