import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../../sim/server';
import type { StudioApi } from '../../src/extension';

const extensionId = 'midjourney-studio.midjourney-studio';
const CANARY = 'canary-agent-key-3d9f61ab20';

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

function textOf(r: vscode.LanguageModelToolResult): string {
  return r.content
    .filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart)
    .map((p) => p.value)
    .join('\n');
}

function field(text: string, key: string): string | undefined {
  return new RegExp(`^${key}: (.*)$`, 'm').exec(text)?.[1];
}

/**
 * invokeTool as an agent outside a chat would. For a paying tool the workbench asks the person first with a modal
 * dialog (what prepareInvocation returned); under the smoke-test driver that runs this suite VS Code answers such
 * dialogs itself ("Dialog requested during smoke test"), so the call goes on. The confirmation's content is
 * checked on the tool objects below.
 */
async function invoke(name: string, input: object): Promise<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
}

describe('Agents: the Language Model Tools in the real extension host, against the simulator', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let studio: StudioApi;
  const submits = (): string[] => sim.requests.filter((r) => r.path.includes('/submit/')).map((r) => r.path);

  before(async () => {
    studio = await api();
    sim = await startSimulator({ dialect: 'trueai', speed: 'fast', key: CANARY });
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('baseUrl', sim.url, vscode.ConfigurationTarget.Global);
    await until('the new base URL', () => studio.studio.settings.active.baseUrl === sim.url || undefined);
    assert.equal(await vscode.commands.executeCommand('midjourney.setApiKey', CANARY), true);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await sim?.close();
  });

  it('registers the five tools', () => {
    const names = vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('midjourney_'));
    assert.deepEqual(names.sort(), [
      'midjourney_action',
      'midjourney_describe',
      'midjourney_imagine',
      'midjourney_save',
      'midjourney_task',
    ]);
  });

  it('prepareInvocation of every paying tool asks, naming the prompt, the server and the jobs', async () => {
    const tools = studio.agents.tools();
    const token = new vscode.CancellationTokenSource().token;
    const host = new URL(sim.url).host;
    const cases: [keyof typeof tools, object, RegExp][] = [
      [
        'midjourney_imagine',
        { prompt: 'a red kite over dunes --ar 16:9' },
        /a red kite over dunes --ar 16:9/,
      ],
      ['midjourney_imagine', { prompt: 'a kite --repeat 3' }, /Jobs: 3/],
      ['midjourney_action', { taskId: '123', button: 'U2', prompt: 'zoomed kite' }, /zoomed kite/],
      ['midjourney_describe', { imagePath: 'images/kite.png' }, /kite\.png/],
    ];
    for (const [name, input, re] of cases) {
      const prepared = await tools[name].prepareInvocation?.({ input }, token);
      const c = prepared?.confirmationMessages;
      assert.ok(c?.title, `${name} asks for confirmation`);
      // Markdown with the prompt's special characters escaped: read back as text.
      const md = typeof c.message === 'string' ? c.message : c.message.value;
      const message = md.replace(/\\(.)/g, '$1');
      assert.match(message, re, `${name}: ${message}`);
      assert.ok(message.includes(host), `${name} names the server: ${message}`);
      assert.match(message, /Jobs: \d/);
    }
    for (const name of ['midjourney_task', 'midjourney_save'] as const) {
      const prepared = await tools[name].prepareInvocation?.({ input: { taskId: '1' } }, token);
      assert.equal(prepared?.confirmationMessages, undefined, `${name} asks nothing`);
    }
    assert.deepEqual(submits(), [], 'preparing sends nothing');
  });

  it('imagine → task → action U1 → save; a button not offered is refused with nothing sent', async () => {
    const { studio: s, tree } = studio;
    const submitted = await invoke('midjourney_imagine', { prompt: 'agent hero image, lighthouse --ar 1:1' });
    const id = field(textOf(submitted), 'taskId');
    assert.ok(id, textOf(submitted));
    assert.deepEqual(submits(), ['/mj/submit/imagine'], 'imagine submits exactly once');
    const rec = s.store.get(id);
    assert.equal(rec?.origin.by, 'agent');
    assert.match(String(tree.getTreeItem(id).description), /^Agent · /, 'the tree row says Agent');

    const done = await invoke('midjourney_task', { taskId: id, waitSeconds: 60 });
    const text = textOf(done);
    assert.equal(field(text, 'status'), 'SUCCESS', text);
    const file = field(text, 'file');
    assert.ok(file && fs.existsSync(file), `names the local file: ${text}`);
    assert.match(field(text, 'buttons') ?? '', /U1 \[MJ::JOB::upsample::1::/);

    const refused = await invoke('midjourney_action', { taskId: id, button: 'U7' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(refused instanceof Error, 'refused');
    assert.match(refused.message, /did not offer the button "U7"/);
    assert.deepEqual(submits(), ['/mj/submit/imagine'], 'nothing was sent');

    const child = await invoke('midjourney_action', { taskId: id, button: 'U1' });
    const childId = field(textOf(child), 'taskId');
    assert.ok(childId, textOf(child));
    assert.equal(field(textOf(child), 'parent'), id);
    assert.deepEqual(submits(), ['/mj/submit/imagine', '/mj/submit/action']);
    assert.deepEqual(tree.getChildren(id), [childId], 'the child is under its parent');
    assert.match(String(tree.getTreeItem(childId).description), /^Agent · /);

    const saved = await invoke('midjourney_save', { taskId: id });
    const rel = field(textOf(saved), 'saved');
    assert.ok(rel, textOf(saved));
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const bytes = fs.readFileSync(path.join(root, rel));
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG in the workspace');
    assert.ok(rel.startsWith('assets/midjourney/'), rel);
    assert.match(textOf(saved), /^markdown: !\[agent hero image, lighthouse\]\(assets\/midjourney\//m);
    assert.deepEqual(submits(), ['/mj/submit/imagine', '/mj/submit/action'], 'task and save are free');

    // The key went to the simulator only.
    assert.ok(sim.requests.some((r) => r.headers.authorization === CANARY));
    for (const key of s.context.globalState.keys()) {
      assert.ok(!JSON.stringify(s.context.globalState.get(key) ?? null).includes(CANARY), key);
    }
  });

  it('the MCP server definition carries the server, and the key only when VS Code starts it', async () => {
    const provider = studio.agents.mcp();
    const token = new vscode.CancellationTokenSource().token;
    const defs = (await provider.provideMcpServerDefinitions(token)) ?? [];
    assert.equal(defs.length, 1);
    const def = defs[0];
    assert.ok(def.args[0].endsWith(path.join('dist', 'mcp.js')), def.args.join(' '));
    assert.ok(fs.existsSync(def.args[0]), 'dist/mcp.js is there');
    assert.equal(def.env.MJ_BASE_URL, sim.url);
    assert.ok(!JSON.stringify(def).includes(CANARY), 'no key in the definition VS Code may show or keep');
    const resolved = await provider.resolveMcpServerDefinition?.(def, token);
    assert.equal(resolved?.env.MJ_API_KEY, CANARY, 'the key goes into the process environment');

    const config = await vscode.commands.executeCommand<string>('midjourney.copyMcpServerConfig');
    assert.match(config, /"MJ_API_KEY": "<your API key>"/);
    assert.ok(config.includes(sim.url));
    assert.ok(!config.includes(CANARY), 'the copied config has a placeholder, not the key');
  });

  it('midjourney.agentTools false takes the tools away', async () => {
    await vscode.workspace
      .getConfiguration('midjourney')
      .update('agentTools', false, vscode.ConfigurationTarget.Global);
    try {
      const refused = await vscode.lm
        .invokeTool('midjourney_task', { input: { taskId: '1' }, toolInvocationToken: undefined })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(refused instanceof Error, 'the tool is gone');
    } finally {
      await vscode.workspace
        .getConfiguration('midjourney')
        .update('agentTools', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
