/** The task files (the working set's durable copy), the move from globalState, and tombstones in the archive. */
import * as assert from 'node:assert/strict';
import { ChunkArchive } from '../../src/core/tasks/archive';
import { fileKey, TaskFiles } from '../../src/core/tasks/taskFiles';
import { TaskStore, taskKey } from '../../src/core/tasks/store';
import { MemoryDir, MemoryKv, mkRecord, mkTask } from './storeFixtures';

const done = (id: string, t: number) => mkRecord(id, t, { task: mkTask(id, { status: 'SUCCESS' }) });
const ids = (s: TaskStore) =>
  s
    .list()
    .map((r) => r.task.id)
    .sort();

describe('Task files', () => {
  it('moves every task older versions kept in globalState over on first start, nothing lost', async () => {
    // What an older version left: one key per task, nothing else (and a foreign key of the extension).
    const kv = new MemoryKv();
    for (let i = 0; i < 120; i++)
      kv.data.set(taskKey(`t${i}`), i % 3 ? done(`t${i}`, i) : mkRecord(`t${i}`, i, { parentId: 't1' }));
    kv.data.set('mj.pollLease', { owner: 'x' });
    const dir = new MemoryDir();
    const archiveFiles = new MemoryDir();
    const opts = () => ({ files: dir, archive: new ChunkArchive(archiveFiles), workingSet: 10 });
    const first = new TaskStore(kv, opts());
    assert.equal(first.list().length, 120, 'the first paint comes from globalState');
    await first.loadArchive();
    await first.flush();
    assert.equal(first.list().length, 120);
    // Even if globalState were lost or replaced whole by another window's copy, the files hold every task.
    const blank = new TaskStore(new MemoryKv(), opts());
    await blank.loadArchive();
    assert.deepEqual(ids(blank), ids(first));
    assert.equal(blank.get('t3')?.parentId, 't1');
    assert.equal(blank.get('t2')?.task.status, 'SUCCESS');
    // A second start moves nothing again (no new file writes).
    const before = new Map(dir.files);
    const second = new TaskStore(kv, opts());
    await second.loadArchive();
    await second.flush();
    assert.deepEqual(ids(second), ids(first));
    assert.deepEqual([...dir.files.keys()].sort(), [...before.keys()].sort());
  });

  it('a deletion is a tombstone: a stale globalState copy or another window’s poll never brings it back', async () => {
    const dir = new MemoryDir();
    const a = new TaskStore(new MemoryKv(), { files: dir });
    await a.add(mkRecord('t', 1));
    // Window B's globalState copy still holds the task after A deleted it.
    const staleKv = new MemoryKv();
    staleKv.data.set(taskKey('t'), mkRecord('t', 1));
    const b = new TaskStore(staleKv, { files: dir });
    await a.delete('t');
    await b.applyServerTask(mkTask('t', { status: 'SUCCESS' }));
    await b.flush();
    await b.sync();
    assert.equal(b.get('t'), undefined);
    b.refresh();
    assert.equal(b.get('t'), undefined, 'a refresh from the stale globalState does not either');
    const c = new TaskStore(staleKv, { files: dir });
    await c.loadArchive();
    assert.equal(c.get('t'), undefined, 'the move from globalState skips deleted tasks');
  });

  it('the user adding a deleted task again (Track Task) makes a new incarnation that every window keeps', async () => {
    const dir = new MemoryDir();
    const a = new TaskStore(new MemoryKv(), { files: dir });
    const b = new TaskStore(new MemoryKv(), { files: dir });
    await a.add(mkRecord('t', 1));
    await b.sync();
    await a.delete('t');
    await a.add(mkRecord('t', 5));
    assert.equal(a.get('t')?.gen, 1);
    // B still holds the old incarnation and polls it: that copy loses.
    await b.applyServerTask(mkTask('t', { status: 'IN_PROGRESS', progress: 50 }));
    await b.flush();
    await Promise.all([a.sync(), b.sync()]);
    await Promise.all([a.flush(), b.flush()]);
    for (const s of [a, b]) {
      assert.equal(s.get('t')?.gen, 1);
      assert.equal(s.get('t')?.createdAt, 5);
    }
    await b.delete('t');
    await a.sync();
    assert.equal(a.get('t'), undefined, 'and deleting it again holds too');
  });

  it('file names: one per id, the same on case-insensitive disks, safe for any id', async () => {
    const odd = [
      'Ab',
      'ab',
      'aB',
      '__proto__',
      '../x',
      'a/b',
      '任务',
      'x'.repeat(500),
      'x'.repeat(499) + 'y',
      '',
    ];
    const keys = odd.map(fileKey);
    assert.equal(new Set(keys.map((k) => k.toLowerCase())).size, odd.length);
    for (const k of keys) assert.match(k, /^[a-z0-9_~-]*$/);
    assert.ok(keys.every((k) => k.length <= 160));
    const dir = new MemoryDir();
    const files = new TaskFiles(dir);
    for (const id of odd.slice(0, 9)) await files.writeRecord(mkRecord(id, 1));
    // A half-written file, a foreign one and a temp file are skipped.
    dir.files.set('r-zz.json', '{"v":1,"rec":{"task":');
    dir.files.set('notes.txt', 'hello');
    dir.files.set('.r-q.json.tmp-1', '{}');
    const state = await files.scan();
    assert.deepEqual([...state.recs.keys()].sort(), odd.slice(0, 9).sort());
    assert.equal((await files.readRecord('__proto__'))?.task.id, '__proto__');
  });

  it('archive compaction respects tombstones: a stale append after a deletion does not bring the task back', async () => {
    const files = new MemoryDir();
    let t = 1;
    const archive = new ChunkArchive(files, { now: () => t++, compactAfter: 1 });
    const kv = new MemoryKv();
    const dir = new MemoryDir();
    const store = new TaskStore(kv, { files: dir, archive: new ChunkArchive(files), workingSet: 1 });
    await store.add(done('x', 1));
    await store.delete('x');
    // Another window, which had not seen the deletion, archives its copy afterwards.
    await archive.append([done('x', 1), done('y', 2)]);
    const again = new TaskStore(new MemoryKv(), {
      files: dir,
      archive: new ChunkArchive(files, { compactAfter: 1 }),
    });
    await again.loadArchive();
    assert.deepEqual(ids(again), ['y']);
    const texts = [...files.files.values()].join('\n');
    assert.ok(!texts.includes('"x"'), 'the compaction dropped it from the archive');
  });
});
