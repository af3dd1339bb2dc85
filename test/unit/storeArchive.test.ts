import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChunkFiles } from '../../src/core/tasks/archive';
import { ChunkArchive, compactedNames } from '../../src/core/tasks/archive';
import { MAX_STORED_TEXT, slimTask } from '../../src/core/tasks/slim';
import { ARCHIVE_SLACK, TaskStore, taskKey } from '../../src/core/tasks/store';
import type { TaskRecord } from '../../src/core/tasks/store';
import { MemoryDir, MemoryKv, mkRecord, mkTask } from './storeFixtures';

/** A directory in memory; `delay` makes every operation land late and out of order. */
class MemoryFiles implements ChunkFiles {
  readonly files = new Map<string, string>();
  constructor(private readonly delay: () => number = () => 0) {}
  private wait(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.delay()));
  }
  async list(): Promise<string[]> {
    await this.wait();
    return [...this.files.keys()];
  }
  async read(name: string): Promise<string | undefined> {
    await this.wait();
    return this.files.get(name);
  }
  async write(name: string, text: string): Promise<void> {
    await this.wait();
    this.files.set(name, text);
  }
  async delete(name: string): Promise<void> {
    await this.wait();
    this.files.delete(name);
  }
}

/** The same over a real directory, as the host's workspace.fs version does it. */
class DirFiles implements ChunkFiles {
  constructor(private readonly dir: string) {}
  async list(): Promise<string[]> {
    return fs.existsSync(this.dir) ? fs.readdirSync(this.dir) : [];
  }
  async read(name: string): Promise<string | undefined> {
    try {
      return fs.readFileSync(path.join(this.dir, name), 'utf8');
    } catch {
      return undefined;
    }
  }
  async write(name: string, text: string): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(path.join(this.dir, name), text);
  }
  async delete(name: string): Promise<void> {
    fs.rmSync(path.join(this.dir, name), { force: true });
  }
}

const done = (id: string, t: number, over = {}) =>
  mkRecord(id, t, { task: mkTask(id, { status: 'SUCCESS', ...over }) });
const taskKeys = (kv: MemoryKv) => kv.keys().filter((k) => k.startsWith('mj.task.'));
const ids = (s: TaskStore) => s.list().map((r) => r.task.id);

/** The chunk names an older version of the extension reads (its CHUNK_RE). */
const OLD_CHUNK_RE = /^\d{15}-\d{6}-[a-z0-9]{1,8}(~c)?\.json$/;
/**
 * The archive as an older version folds it (one chunk after another in name order, removals first), done
 * here by hand so these tests keep checking that older versions read what this one writes.
 */
function oldFold(files: ReadonlyMap<string, string>): Map<string, TaskRecord> {
  const live = new Map<string, TaskRecord>();
  for (const name of [...files.keys()].filter((n) => OLD_CHUNK_RE.test(n)).sort()) {
    let chunk: { v?: number; records?: TaskRecord[]; removed?: string[] };
    try {
      chunk = JSON.parse(files.get(name)!) as typeof chunk;
    } catch {
      continue;
    }
    if (chunk.v !== 1) continue;
    for (const id of chunk.removed ?? []) live.delete(id);
    for (const rec of chunk.records ?? []) live.set(rec.task.id, rec);
  }
  return live;
}
const records = (files: MemoryFiles) =>
  [...files.files.values()].map((t) => (JSON.parse(t) as { records?: unknown[] }).records?.length ?? 0);
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('TaskStore with an archive', () => {
  it('keeps globalState to the working set and lists every task, also after a restart', async () => {
    const kv = new MemoryKv();
    const files = new MemoryFiles();
    const store = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 20 });
    for (let i = 0; i < 300; i++) await store.add(done(`t${i}`, i));
    await store.add(mkRecord('running', 1000));
    await store.flush();
    assert.ok(taskKeys(kv).length <= 20 + ARCHIVE_SLACK + 1, `${taskKeys(kv).length} keys`);
    assert.ok(kv.get(taskKey('running')), 'an unfinished task stays in globalState');
    assert.equal(store.list().length, 301);
    assert.ok(store.isArchived('t0'));

    const again = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 20 });
    assert.equal(again.list().length, taskKeys(kv).length, 'the working set shows before the archive');
    await again.loadArchive();
    assert.deepEqual(ids(again), ids(store));
    assert.equal(again.get('t0')?.task.status, 'SUCCESS');
  });

  it('never archives an unfinished task, however many there are', async () => {
    const kv = new MemoryKv();
    const store = new TaskStore(kv, { archive: new ChunkArchive(new MemoryFiles()), workingSet: 5 });
    for (let i = 0; i < 60; i++) await store.add(mkRecord(`r${i}`, i));
    await store.archiveOld();
    assert.equal(taskKeys(kv).length, 60);
  });

  it('a change to an archived task brings it back to the working set; a delete removes it for good', async () => {
    const kv = new MemoryKv();
    const files = new MemoryFiles();
    const store = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 3 });
    for (let i = 0; i < 30; i++) await store.add(done(`t${i}`, i));
    await store.flush();
    assert.ok(store.isArchived('t1') && store.isArchived('t2'));
    await store.update('t1', { starred: true });
    await store.delete('t2');
    await store.flush();
    assert.equal(kv.get<{ starred?: boolean }>(taskKey('t1'))?.starred, true);

    const again = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 3 });
    await again.loadArchive();
    assert.equal(again.get('t1')?.starred, true);
    assert.equal(again.get('t2'), undefined, 'deleted from the archive');
    assert.equal(again.list().length, 29);
    assert.equal(ids(again).filter((id) => id === 't1').length, 1, 'listed once');
  });

  it('two windows: what one archives the other keeps; what one deletes the other drops', async () => {
    const kv = new MemoryKv();
    const files = new MemoryFiles();
    const dir = new MemoryDir();
    const a = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 4, files: dir });
    const b = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 4, files: dir });
    for (let i = 0; i < 10; i++) await a.add(done(`t${i}`, i));
    await b.sync();
    assert.equal(b.list().length, 10);
    await a.archiveOld();
    await a.delete('t9');
    const fired: string[] = [];
    b.onDidChange((e) => fired.push(...e.ids));
    await b.sync();
    await b.flush();
    assert.deepEqual(fired, ['t9']);
    assert.equal(b.list().length, 9, 'what A archived B keeps (its file went, which means nothing)');
    // B stars a task A archived: it returns to the working set, and A sees it there.
    await b.update('t0', { starred: true });
    await a.sync();
    assert.equal(a.get('t0')?.starred, true);
    assert.equal(a.isArchived('t0'), false);
  });

  it('a failing archive loses nothing: the tasks stay in globalState and the error is reported', async () => {
    const kv = new MemoryKv();
    const errors: unknown[] = [];
    const broken = {
      load: () => Promise.resolve([]),
      append: () => Promise.reject(new Error('ENOSPC: no space left on device')),
      remove: () => Promise.resolve(),
    };
    const store = new TaskStore(kv, {
      archive: broken,
      workingSet: 3,
      onArchiveError: (e) => errors.push(e),
    });
    for (let i = 0; i < 30; i++) await store.add(done(`t${i}`, i));
    await store.flush();
    assert.equal(taskKeys(kv).length, 30);
    assert.equal(store.list().length, 30);
    assert.ok(errors.length > 0);
    assert.match(String(errors[0]), /ENOSPC/);
  });

  it('keeps the ancestors of the tasks it keeps, so globalState alone draws the top of the tree right', async () => {
    const kv = new MemoryKv();
    const files = new MemoryFiles();
    // One key per task, as versions without the archive left them; then the first start with it.
    const older = new TaskStore(kv);
    for (let i = 0; i < 100; i++) await older.add(done(`g${i}`, i));
    // Recent upscales of old grids, and an upscale's child: the chain z → u0 → g0.
    for (let i = 0; i < 6; i++) await older.add({ ...done(`u${i}`, 200 + i), parentId: `g${i * 7}` });
    await older.add({ ...done('z', 300), parentId: 'u0' });
    const store = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 10 });
    await store.loadArchive();
    await store.flush();
    assert.ok(kv.get(taskKey('g0')) && kv.get(taskKey('u0')), 'the chain stays in globalState');
    assert.ok(store.isArchived('g1'));

    const roots = (s: TaskStore) =>
      s
        .list()
        .filter((r) => !r.parentId || !s.get(r.parentId))
        .map((r) => r.task.id);
    const again = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 10 });
    for (const r of again.list()) {
      if (r.parentId) assert.ok(again.get(r.parentId), `${r.task.id}: its parent is in globalState`);
    }
    const before = roots(again).slice(0, 3);
    await again.loadArchive();
    assert.deepEqual(before, ['g99', 'g98', 'g97']);
    assert.deepEqual(
      roots(again).slice(0, 3),
      before,
      'no upscale shown as a root before the archive is read',
    );
  });

  it('a task made from an archived one brings its ancestors back, so the next window nests it at once', async () => {
    const kv = new MemoryKv();
    const files = new MemoryFiles();
    const store = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 3 });
    await store.add(done('g0', 0));
    await store.add({ ...done('u0', 1), parentId: 'g0' });
    for (let i = 1; i < 30; i++) await store.add(done(`g${i}`, 10 + i));
    await store.flush();
    assert.ok(store.isArchived('g0') && store.isArchived('u0'));
    // Found by Search Tasks, zoomed out today.
    await store.add({ ...done('z', 100), parentId: 'u0' });
    await store.flush();
    assert.ok(kv.get(taskKey('u0')) && kv.get(taskKey('g0')), 'the chain is back in globalState');
    assert.equal(store.isArchived('g0'), false);

    const again = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 3 });
    const isRoot = (s: TaskStore, id: string) => !s.get(id)?.parentId || !s.get(s.get(id)!.parentId!);
    assert.equal(isRoot(again, 'z'), false, 'nested before the archive is read');
    assert.equal(isRoot(again, 'u0'), false);
    await again.loadArchive();
    assert.equal(again.list().length, 32);
    assert.equal(again.children('u0')[0]?.task.id, 'z');
  });

  it('kept ancestors do not make it archive one task per change', async () => {
    const kv = new MemoryKv();
    // Answers at once (no timer), so every change may start an archive run.
    const archived = new Map<string, TaskRecord>();
    let appends = 0;
    const archive = {
      load: () => Promise.resolve([...archived.values()]),
      append: (recs: readonly TaskRecord[]) => {
        appends++;
        for (const r of recs) archived.set(r.task.id, r);
        return Promise.resolve();
      },
      remove: (ids: readonly string[]) => {
        for (const id of ids) archived.delete(id);
        return Promise.resolve();
      },
    };
    const store = new TaskStore(kv, { archive, workingSet: 20 });
    for (let i = 0; i < 40; i++) await store.add(done(`g${i}`, i));
    await store.flush();
    appends = 0;
    // Upscales of the 20 newest grids, round and round: the 20 kept upscales keep 20 grids beyond the limit.
    for (let i = 0; i < 100; i++)
      await store.add({ ...done(`u${i}`, 100 + i), parentId: `g${20 + (i % 20)}` });
    await store.flush();
    assert.ok(appends <= 100 / ARCHIVE_SLACK + 1, `${appends} archive writes for 100 tasks`);
    assert.ok(taskKeys(kv).length <= 2 * 20 + ARCHIVE_SLACK + 1, `${taskKeys(kv).length} keys`);
    assert.equal(store.list().length, 140);
  });

  for (const [delayed, chunkRecords] of [
    [false, undefined],
    [true, undefined],
    [true, 2],
  ] as const) {
    it(`two windows adding and archiving at once lose nothing (delayed I/O: ${delayed}, chunks of ${chunkRecords ?? 'any'})`, async () => {
      const jitter = delayed ? () => Math.floor(Math.random() * 6) : () => 0;
      const kv = new MemoryKv({ delay: jitter, applyOnResolve: delayed });
      const files = new MemoryFiles(jitter);
      const opts = { compactAfter: 4, chunkRecords };
      const a = new TaskStore(kv, { archive: new ChunkArchive(files, opts), workingSet: 5 });
      const b = new TaskStore(kv, { archive: new ChunkArchive(files, opts), workingSet: 5 });
      const ops: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        ops.push(a.add(done(`a${i}`, i)), b.add(done(`b${i}`, i)));
        if (i % 10 === 0) ops.push(a.add(mkRecord(`ra${i}`, i)));
      }
      await Promise.all(ops);
      await Promise.all([a.flush(), b.flush()]);
      if (chunkRecords) assert.ok(Math.max(...records(files)) <= chunkRecords, `${records(files)}`);
      const fresh = new TaskStore(kv, { archive: new ChunkArchive(files), workingSet: 5 });
      await fresh.loadArchive();
      assert.equal(fresh.list().length, 126);
      for (let i = 0; i < 60; i += 10) assert.ok(kv.get(taskKey(`ra${i}`)), 'running stays in globalState');
      assert.ok(taskKeys(kv).length <= 5 + 2 * ARCHIVE_SLACK + 6, `${taskKeys(kv).length} keys`);
    });
  }
});

describe('ChunkArchive', () => {
  it('folds appends and removes in order and compacts many chunks into one (real files)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-archive-'));
    try {
      let now = 1000;
      const archive = new ChunkArchive(new DirFiles(dir), { now: () => now++, compactAfter: 5 });
      for (let i = 0; i < 8; i++) await archive.append([done(`t${i}`, i)]);
      await archive.remove(['t3']);
      await archive.append([done('t3', 3, { prompt: 'back again' })]);
      fs.writeFileSync(path.join(dir, '000000000000999-000000-zz.json'), '{"v":1,"records":[{"ta');
      const first = await archive.load();
      assert.equal(first.length, 8);
      assert.equal(first.find((r) => r.task.id === 't3')?.task.prompt, 'back again');
      // Compacted: the torn file stays (it could be another window's, mid-write), the rest is one chunk.
      assert.equal(fs.readdirSync(dir).length, 2);
      const second = await new ChunkArchive(new DirFiles(dir)).load();
      assert.deepEqual(second.map((r) => r.task.id).sort(), first.map((r) => r.task.id).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('writes chunks in ASCII and reads them, and chunks written in UTF-8 before, back unchanged', async () => {
    const files = new MemoryFiles();
    const text = 'Zoom 🔍 · 雾中的灯塔 — é';
    const rec = done('t1', 1, {
      prompt: text,
      buttons: [{ customId: 'MJ::JOB::reroll', label: '', emoji: '🔄' }],
    });
    // An archive an earlier version wrote (raw UTF-8 JSON), then a chunk written now.
    files.files.set(
      '000000000000001-000000-old.json',
      JSON.stringify({ v: 1, records: [done('t0', 0, { prompt: text })] }),
    );
    await new ChunkArchive(files, { now: () => 2 }).append([rec]);
    const written = [...files.files.values()][1]!;
    assert.match(written, /^[\x20-\x7e]*$/, 'only printable ASCII');
    assert.ok(written.includes('\\ud83d\\udd04'), written);
    const loaded = await new ChunkArchive(files).load();
    assert.deepEqual(
      loaded.map((r) => [r.task.id, r.task.prompt]),
      [
        ['t0', text],
        ['t1', text],
      ],
    );
    assert.equal(loaded[1]!.task.buttons[0]!.emoji, '🔄');
  });
  it('writes a big append as several chunks of at most chunkRecords, which older versions fold too', async () => {
    const files = new MemoryFiles();
    const recs = Array.from({ length: 2500 }, (_, i) => done(`t${i}`, i));
    await new ChunkArchive(files, { now: () => 5 }).append(recs);
    assert.deepEqual(records(files), [1000, 1000, 500]);
    assert.ok([...files.files.keys()].every((n) => OLD_CHUNK_RE.test(n)));
    const expected = recs.map((r) => r.task.id);
    assert.deepEqual(sorted(oldFold(files.files).keys()), sorted(expected));
    const loaded = await new ChunkArchive(files).load();
    assert.deepEqual(
      loaded.map((r) => r.task.id),
      expected,
      'each once, in order',
    );
  });

  it('compacts an archive written the old way (one big chunk) into several, read back by both versions', async () => {
    const files = new MemoryFiles();
    // Older versions: one chunk with every record, then small appends and removals.
    const big = Array.from({ length: 25 }, (_, i) => done(`t${i}`, i));
    files.files.set('000000000000001-000000-old.json', JSON.stringify({ v: 1, records: big }));
    files.files.set('000000000000002-000000-old.json', JSON.stringify({ v: 1, removed: ['t3', 't20'] }));
    for (let i = 0; i < 6; i++) {
      const name = `00000000000001${i}-00000${i}-old.json`;
      files.files.set(name, JSON.stringify({ v: 1, records: [done(`n${i}`, 100 + i)] }));
    }
    const expected = sorted(oldFold(files.files).keys());
    assert.equal(expected.length, 29);
    const first = await new ChunkArchive(files, { compactAfter: 4, chunkRecords: 10 }).load();
    assert.deepEqual(sorted(first.map((r) => r.task.id)), expected);
    assert.deepEqual(records(files).sort(), [10, 10, 9], 'three merged chunks replace the eight');
    assert.ok([...files.files.keys()].every((n) => OLD_CHUNK_RE.test(n) && n.endsWith('~c.json')));
    assert.deepEqual(
      sorted(oldFold(files.files).keys()),
      expected,
      'an older version reads the merged chunks',
    );
    assert.deepEqual(sorted((await new ChunkArchive(files).load()).map((r) => r.task.id)), expected);
    assert.ok(!expected.includes('t3') && !expected.includes('t20'), 'removed stay removed');
  });

  it('splits a chunk too big to parse in one go (older versions wrote the whole archive as one), once', async () => {
    const files = new MemoryFiles();
    const big = Array.from({ length: 25 }, (_, i) => done(`t${i}`, i));
    files.files.set('000000000000001-000000-old.json', JSON.stringify({ v: 1, records: big }));
    files.files.set('000000000000002-000000-old.json', JSON.stringify({ v: 1, removed: ['t7'] }));
    const expected = sorted(big.map((r) => r.task.id).filter((id) => id !== 't7'));
    const archive = new ChunkArchive(files, { chunkRecords: 10 });
    assert.deepEqual(sorted((await archive.load()).map((r) => r.task.id)), expected);
    assert.deepEqual(records(files).sort(), [10, 10, 4]);
    const names = sorted(files.files.keys());
    assert.deepEqual(sorted((await archive.load()).map((r) => r.task.id)), expected);
    assert.deepEqual(sorted(files.files.keys()), names, 'not rewritten again');
    assert.deepEqual(sorted(oldFold(files.files).keys()), expected);
  });

  it('a removal in a later chunk hides a record of an earlier split one, before and after compaction', async () => {
    const files = new MemoryFiles();
    let now = 10;
    const archive = new ChunkArchive(files, { now: () => now++, compactAfter: 3, chunkRecords: 4 });
    await archive.append(Array.from({ length: 10 }, (_, i) => done(`t${i}`, i)));
    await archive.remove(['t1', 't9']);
    const hidden = (await archive.load()).map((r) => r.task.id);
    assert.deepEqual(sorted(hidden), sorted(['t0', 't2', 't3', 't4', 't5', 't6', 't7', 't8']));
    // Four chunks (three of records, one removal) > 3 + the two it would write: compacted.
    for (let i = 0; i < 3; i++) await archive.remove([`t${2 + i}`]);
    const compacted = (await archive.load()).map((r) => r.task.id);
    assert.deepEqual(sorted(compacted), sorted(['t0', 't5', 't6', 't7', 't8']));
    assert.ok(
      [...files.files.keys()].every((n) => n.endsWith('~c.json')),
      `compacted: ${[...files.files.keys()]}`,
    );
    assert.ok(
      [...files.files.values()].every((t) => !/"id":"t[12349]"/.test(t)),
      'no removed task in the merged chunks',
    );
    // A removal after the compaction still hides a record of a merged chunk; nothing comes back.
    await archive.remove(['t0']);
    await archive.append([done('t1', 1, { prompt: 'made again' })]);
    const after = await new ChunkArchive(files).load();
    assert.deepEqual(sorted(after.map((r) => r.task.id)), sorted(['t1', 't5', 't6', 't7', 't8']));
    assert.deepEqual(sorted(oldFold(files.files).keys()), sorted(['t1', 't5', 't6', 't7', 't8']));
  });

  it('a load between the writes and the deletes of a compaction lists every task once', async () => {
    const expected: string[] = [];
    const seen: string[][] = [];
    /** Another window loading at every step of the compaction. */
    class Watched extends MemoryFiles {
      override async write(name: string, text: string): Promise<void> {
        await super.write(name, text);
        if (name.endsWith('~c.json')) seen.push((await other.load()).map((r) => r.task.id));
      }
      override async delete(name: string): Promise<void> {
        seen.push((await other.load()).map((r) => r.task.id));
        await super.delete(name);
      }
    }
    const files = new Watched();
    const other = new ChunkArchive(files, { compactAfter: 1000 });
    let now = 10;
    const archive = new ChunkArchive(files, { now: () => now++, compactAfter: 3, chunkRecords: 3 });
    for (let i = 0; i < 12; i++) {
      await archive.append([done(`t${i}`, i)]);
      expected.push(`t${i}`);
    }
    await archive.remove(['t4']);
    expected.splice(4, 1);
    seen.length = 0;
    assert.deepEqual(sorted((await archive.load()).map((r) => r.task.id)), sorted(expected));
    assert.equal(seen.length, 4 + 13, 'loaded after each of the 4 writes and before each of the 13 deletes');
    for (const [i, got] of seen.entries()) assert.deepEqual(sorted(got), sorted(expected), `load ${i}`);
    assert.deepEqual(records(files).sort(), [2, 3, 3, 3]);
  });

  it('a compaction interrupted before its deletes is compacted again without losing anything', async () => {
    // Its merged chunk is the newest: the next merged chunks must get other names, not overwrite and
    // then delete it with the chunks it replaced.
    const files = new MemoryFiles();
    let now = 10;
    const archive = new ChunkArchive(files, { now: () => now++, compactAfter: 5 });
    for (let i = 0; i < 6; i++) await archive.append([done(`t${i}`, i)]);
    const before = new Map(files.files);
    await archive.load();
    assert.equal(files.files.size, 1);
    for (const [name, text] of before) files.files.set(name, text);
    const merged = [...files.files.keys()].filter((n) => n.endsWith('~c.json'));
    assert.equal(merged.length, 1);
    assert.equal((await archive.load()).length, 6);
    assert.equal(files.files.size, 1, 'compacted again');
    assert.notDeepEqual([...files.files.keys()], merged, 'under a new name');
    assert.equal((await new ChunkArchive(files).load()).length, 6);
  });

  it('names merged chunks right after the newest chunk they replace, in the names older versions read', () => {
    const none = new Set<string>();
    const last = '000000000000100-000007-k3x9ab.json';
    assert.deepEqual(compactedNames(last, 1, none), ['000000000000100-000007-k3x9ab~c.json']);
    const ten = compactedNames(last, 10, none)!;
    assert.equal(ten.length, 10);
    assert.equal(new Set(ten).size, 10);
    const after = compactedNames('000000000000100-000007-k3x9ab~c.json', 3, none)!;
    const wide = compactedNames(last, 40, none)!;
    const fromPiece = compactedNames(ten[9]!, 30, none)!;
    const next = '000000000000100-000008-aaaaaa.json';
    for (const [from, names] of [
      [last, ten],
      ['000000000000100-000007-k3x9ab~c.json', after],
      [last, wide],
      [ten[9]!, fromPiece],
    ] as const) {
      for (const n of names) {
        assert.match(n, OLD_CHUNK_RE);
        assert.ok(n > from && n < next, `${n} after ${from}, before ${next}`);
      }
    }
    assert.equal(compactedNames(ten[9]!, 40, none), undefined, 'no room for two more characters');
    assert.equal(compactedNames('000000000000100-000007-zzzzzzzz~c.json', 2, none), undefined);
    assert.equal(compactedNames(last, 1, new Set(['000000000000100-000007-k3x9ab~c.json'])), undefined);
  });
});

describe('slimTask', () => {
  it('drops fields nothing shows and trims huge server text', () => {
    const t = slimTask(
      mkTask('x', {
        state: 'opaque relay state',
        botType: 'MID_JOURNEY',
        imageUrls: ['https://a/1.png', 'https://a/2.png'],
        description: 'x'.repeat(200_000),
        failReason: 'short',
      }),
    );
    assert.equal(t.state, '');
    assert.equal(t.botType, undefined);
    // A grid's separate pictures are shown and kept one by one: the links stay (http(s), at most four).
    assert.deepEqual(t.imageUrls, ['https://a/1.png', 'https://a/2.png']);
    assert.equal(t.description.length, MAX_STORED_TEXT);
    assert.equal(t.failReason, 'short');
    assert.equal(t.prompt, 'prompt x');
  });
});
