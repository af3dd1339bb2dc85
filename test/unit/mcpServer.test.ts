/**
 * The MCP server (dist/mcp.js) driven by the MCP SDK's own client over stdio, against the simulator started
 * in this process: the five tools are listed, imagine → task → save makes a PNG in the workspace, a button the
 * task does not offer is refused with nothing sent, and the canary key is in no file the server wrote and in
 * none of its output.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSimulator, type Simulator } from '../../sim/server';
import { readJournal } from '../../src/core/agents/journal';
import { repoRoot } from '../vscode/tools';

const CANARY = 'canary-mcp-key-5b8e21d07c';

interface ToolResult {
  content: Array<{ type: string; text?: string; data?: string; mimeType?: string }>;
  isError?: boolean;
}

function textOf(r: ToolResult): string {
  return r.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text ?? '')
    .join('\n');
}

function field(text: string, key: string): string | undefined {
  return new RegExp(`^${key}: (.*)$`, 'm').exec(text)?.[1];
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());
}

describe('MCP server over stdio (dist/mcp.js, the SDK client, the simulator)', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let client: Client;
  let transport: StdioClientTransport;
  let root: string;
  let workspace: string;
  let studioDir: string;
  let stderr = '';
  const outputs: string[] = [];
  const script = path.join(repoRoot, 'dist', 'mcp.js');

  before(async () => {
    if (!fs.existsSync(script)) execFileSync('node', ['esbuild.js'], { cwd: repoRoot, stdio: 'ignore' });
    sim = await startSimulator({ dialect: 'trueai', speed: 'fast', key: CANARY });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-mcp-'));
    workspace = path.join(root, 'ws');
    studioDir = path.join(root, 'studio');
    fs.mkdirSync(workspace);
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [script],
      cwd: workspace,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: root,
        MJ_BASE_URL: sim.url,
        MJ_API_KEY: CANARY,
        MJ_WORKSPACE: workspace,
        MJ_STUDIO_DIR: studioDir,
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    client = new Client({ name: 'mcp-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await sim?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const r = (await client.callTool({ name, arguments: args })) as ToolResult;
    outputs.push(JSON.stringify(r));
    return r;
  }

  it('lists exactly the five tools', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'midjourney_action',
      'midjourney_describe',
      'midjourney_imagine',
      'midjourney_save',
      'midjourney_task',
    ]);
    const imagine = tools.find((t) => t.name === 'midjourney_imagine');
    assert.deepEqual(imagine?.inputSchema.required, ['prompt']);
  });

  it('imagine → task → save: one submit, SUCCESS with a local file, a PNG in the workspace', async () => {
    const submitted = await call('midjourney_imagine', { prompt: 'mcp lighthouse at dusk --ar 1:1' });
    assert.ok(!submitted.isError, textOf(submitted));
    const id = field(textOf(submitted), 'taskId');
    assert.ok(id, textOf(submitted));
    assert.equal(sim.requests.filter((r) => r.path.includes('/submit/')).length, 1, 'exactly one submit');

    const done = await call('midjourney_task', { taskId: id, waitSeconds: 60 });
    const text = textOf(done);
    assert.equal(field(text, 'status'), 'SUCCESS', text);
    assert.match(field(text, 'buttons') ?? '', /U1 \[/);
    const file = field(text, 'file');
    assert.ok(file && fs.existsSync(file), `the local file exists: ${text}`);
    const image = done.content.find((c) => c.type === 'image');
    assert.equal(image?.mimeType, 'image/png', 'a small picture of the result');

    const saved = await call('midjourney_save', { taskId: id, path: 'docs/img' });
    const rel = field(textOf(saved), 'saved');
    assert.ok(rel?.startsWith('docs/img/'), textOf(saved));
    const bytes = fs.readFileSync(path.join(workspace, rel ?? ''));
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');
    assert.match(textOf(saved), /^markdown: !\[mcp lighthouse at dusk\]\(docs\/img\/.+\.png\)$/m);

    const q = await call('midjourney_save', { taskId: id, quadrant: 2 });
    assert.match(field(textOf(q), 'saved') ?? '', /^assets\/midjourney\/.+-q2\.png$/);

    // The journal holds the task for the extension to import; the submit is still the only one.
    const journal = readJournal(fs.readFileSync(path.join(studioDir, 'mcp-tasks.jsonl'), 'utf8'));
    const rec = journal.find((e) => e.record.task.id === id);
    assert.equal(rec?.record.task.status, 'SUCCESS');
    assert.equal(rec?.record.origin.by, 'agent');
    assert.equal(sim.requests.filter((r) => r.path.includes('/submit/')).length, 1);
  });

  it('refuses a button the task does not offer, with nothing sent', async () => {
    const first = await call('midjourney_imagine', { prompt: 'mcp refusal', waitSeconds: 60 });
    const id = field(textOf(first), 'taskId');
    assert.equal(field(textOf(first), 'status'), 'SUCCESS');
    const before = sim.requests.filter((r) => r.path.includes('/submit/')).length;
    const r = await call('midjourney_action', { taskId: id, button: 'U9' });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /did not offer the button "U9"/);
    assert.equal(sim.requests.filter((x) => x.path.includes('/submit/')).length, before, 'nothing was sent');
    const u1 = await call('midjourney_action', { taskId: id, button: 'u1' });
    assert.equal(field(textOf(u1), 'parent'), id, textOf(u1));
    assert.equal(sim.requests.filter((x) => x.path.includes('/submit/')).length, before + 1);
  });

  it('without a key, a paying tool says how to set one and sends nothing', async () => {
    const submitted = (): number => sim.requests.filter((x) => x.path.includes('/submit/')).length;
    const before = submitted();
    const bare = new Client({ name: 'mcp-test-nokey', version: '1.0.0' });
    await bare.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [script],
        env: { PATH: process.env.PATH ?? '', HOME: root, MJ_BASE_URL: sim.url, MJ_STUDIO_DIR: studioDir },
        stderr: 'pipe',
      }),
    );
    try {
      const r = (await bare.callTool({
        name: 'midjourney_imagine',
        arguments: { prompt: 'x' },
      })) as ToolResult;
      assert.equal(r.isError, true);
      assert.match(textOf(r), /No API key: set MJ_API_KEY \(or MJ_API_KEY_FILE\)/);
      assert.equal(submitted(), before, 'nothing was submitted');
    } finally {
      await bare.close();
    }
  });

  it('the canary key is in no file the server wrote and in none of its output', () => {
    const files = [...filesUnder(studioDir), ...filesUnder(workspace)];
    assert.ok(files.length >= 3, `files written: ${files.join(', ')}`);
    for (const f of files) {
      assert.ok(!fs.readFileSync(f).includes(CANARY), `${f} holds the key`);
    }
    assert.ok(!stderr.includes(CANARY), 'stderr holds the key');
    for (const o of outputs) assert.ok(!o.includes(CANARY), 'a tool result holds the key');
    // The key did reach the server, and only it.
    assert.ok(sim.requests.some((r) => r.headers.authorization === CANARY));
  });
});
