import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderGrid, renderSingle } from '../../sim/png';
import type { StudioApi } from '../../src/extension';
import type { TaskRecord } from '../../src/core/tasks/store';

const extensionId = 'midjourney-studio.midjourney-studio';
const CANARY = 'history-canary-key-4b7e21';
const KEY_ORIGIN = 'http://127.0.0.1:9';
const IDS = ['9100000000001', '9100000000002', '9100000000003'];

async function api(): Promise<StudioApi> {
  const ext = vscode.extensions.getExtension<StudioApi>(extensionId);
  assert.ok(ext, 'extension missing');
  return ext.activate();
}

function record(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  const now = Date.now();
  return {
    task: {
      id,
      action: 'IMAGINE',
      status: 'SUCCESS',
      prompt: `history ${id}`,
      promptEn: '',
      description: '',
      state: '',
      buttons: [{ customId: `MJ::JOB::upsample::1::${id}`, label: 'U1', emoji: '', style: 2 }],
      imageUrl: `http://127.0.0.1:9/${id}.png`,
    },
    origin: { kind: 'imagine' },
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

describe('History file: export and import in the extension host', () => {
  let s: StudioApi['studio'];
  let out: string;
  let library: string;
  const pngs = [renderGrid(11, 64, 64), renderSingle(12, 48, 48)];

  before(async () => {
    s = (await api()).studio;
    // A key in SecretStorage for the tasks' server: the export must not carry it.
    await s.keys.set('default', KEY_ORIGIN, CANARY);
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-history-'));
    library = path.join(s.context.globalStorageUri.fsPath, 'images');
    fs.mkdirSync(library, { recursive: true });
    const [a, b, c] = IDS as [string, string, string];
    fs.writeFileSync(path.join(library, `${a}.png`), pngs[0] as Buffer);
    fs.writeFileSync(path.join(library, `${b}.png`), pngs[1] as Buffer);
    await s.store.add(record(a, { localImage: path.join(library, `${a}.png`), starred: true }));
    await s.store.add(
      record(b, {
        parentId: a,
        origin: { kind: 'action', customId: `MJ::JOB::upsample::1::${a}`, label: 'U1' },
        localImage: path.join(library, `${b}.png`),
      }),
    );
    await s.store.add(
      record(c, { task: { ...record(c).task, status: 'FAILURE', failReason: 'banned prompt' } }),
    );
  });

  after(async () => {
    for (const id of IDS) await s.store.delete(id);
    await s.keys.clear('default', KEY_ORIGIN);
    fs.rmSync(out, { recursive: true, force: true });
  });

  const ours = (): TaskRecord[] => s.store.list().filter((r) => IDS.includes(r.task.id));

  it('exports the records and their images, with relative paths and nothing secret', async () => {
    const result = await vscode.commands.executeCommand('midjourney.exportHistory', vscode.Uri.file(out));
    assert.equal((result as { files: number }).files >= 2, true, JSON.stringify(result));
    const text = fs.readFileSync(path.join(out, 'midjourney-history.json'), 'utf8');
    const doc = JSON.parse(text) as {
      format: string;
      version: number;
      exportedAt: string;
      tasks: TaskRecord[];
    };
    assert.equal(doc.format, 'midjourney-studio-history');
    assert.equal(doc.version, 1);
    assert.ok(!Number.isNaN(Date.parse(doc.exportedAt)));
    const byId = new Map(doc.tasks.map((t) => [t.task.id, t]));
    const [a, b, c] = IDS as [string, string, string];
    assert.equal(byId.get(a)?.localImage, `images/${a}.png`);
    assert.equal(byId.get(b)?.localImage, `images/${b}.png`);
    assert.equal(byId.get(b)?.parentId, a);
    assert.equal(byId.get(c)?.localImage, undefined);
    assert.deepEqual(fs.readFileSync(path.join(out, 'images', `${a}.png`)), pngs[0]);
    assert.deepEqual(fs.readFileSync(path.join(out, 'images', `${b}.png`)), pngs[1]);
    assert.ok(!text.includes(library), 'no absolute library path in the file');
    assert.ok(!/"(apiKey|key|secret|token|password)"/i.test(text), 'no key-like field in the file');
    assert.ok(!text.includes(CANARY), 'the API key is not in the file');
  });

  it('imports them back after deletion (records, parent link, images), and a second import adds no rows', async () => {
    for (const id of IDS) await s.store.delete(id);
    for (const id of IDS.slice(0, 2)) fs.rmSync(path.join(library, `${id}.png`), { force: true });
    assert.equal(ours().length, 0);
    const before = s.store.list().length;

    const file = vscode.Uri.file(path.join(out, 'midjourney-history.json'));
    const first = await vscode.commands.executeCommand('midjourney.importHistory', file);
    assert.equal((first as { added: number }).added, 3, JSON.stringify(first));
    assert.deepEqual(
      ours()
        .map((r) => r.task.id)
        .sort(),
      IDS,
    );
    const [a, b, c] = IDS as [string, string, string];
    assert.equal(s.store.get(b)?.parentId, a);
    assert.deepEqual(
      s.store.children(a).map((r) => r.task.id),
      [b],
    );
    assert.equal(s.store.get(a)?.starred, true);
    assert.equal(s.store.get(c)?.task.failReason, 'banned prompt');
    for (const [i, id] of [a, b].entries()) {
      const local = s.store.get(id)?.localImage;
      assert.ok(local, `task ${id} has a local image`);
      assert.equal(path.dirname(local), library, 'the image went into the library');
      assert.deepEqual(fs.readFileSync(local), pngs[i]);
    }
    assert.equal(s.store.list().length, before + 3);

    const second = await vscode.commands.executeCommand('midjourney.importHistory', file);
    assert.deepEqual(second, { added: 0, already: (first as { already: number }).already + 3 });
    assert.equal(s.store.list().length, before + 3, 'a second import adds no rows');
    assert.equal(ours().length, 3);
    assert.deepEqual(
      fs
        .readdirSync(library)
        .filter((f) => f.startsWith('91000000000'))
        .sort(),
      [`${a}.png`, `${b}.png`],
    );
  });

  it('refuses a hostile file without touching the list or escaping the library', async () => {
    const before = s.store.list().length;
    const evil = path.join(out, 'evil.json');
    const rec = { ...record('9100000000009'), localImage: '../../evil.png' };
    fs.writeFileSync(evil, JSON.stringify({ format: 'midjourney-studio-history', version: 1, tasks: [rec] }));
    const result = await vscode.commands.executeCommand('midjourney.importHistory', vscode.Uri.file(evil));
    assert.deepEqual(result, {
      error: 'Task 1 in the history file has an invalid "localImage" (a file name inside images/ expected).',
    });
    assert.equal(s.store.list().length, before);
    assert.equal(s.store.get('9100000000009'), undefined);
  });
});
