import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Memento } from 'vscode';
import { Emitter } from '../../src/core/model/events';
import type { KeyValueStore } from '../../src/core/tasks/store';
import { TaskStore, taskKey } from '../../src/core/tasks/store';
import { MemoryDir, MemoryKv, mkRecord, mkTask } from './storeFixtures';

// Compile-time check: VS Code's globalState can be handed to the store as is.
const _mementoFits = (m: Memento): KeyValueStore => m;
void _mementoFits;

const randomDelay = (): number => Math.floor(Math.random() * 8);

describe('Emitter', () => {
  it('a throwing listener does not stop the others; dispose unsubscribes', () => {
    const errors: unknown[] = [];
    const em = new Emitter<number>((e) => errors.push(e));
    const got: number[] = [];
    em.event(() => {
      throw new Error('boom');
    });
    const sub = em.event((n) => got.push(n));
    em.fire(1);
    sub.dispose();
    em.fire(2);
    assert.deepEqual(got, [1]);
    assert.equal(errors.length, 2);
    em.dispose();
    em.fire(3);
    assert.equal(errors.length, 2);
  });
});

describe('TaskStore', () => {
  it('lists newest first, indexes children and roots, keeps one key per task', async () => {
    const kv = new MemoryKv();
    const store = new TaskStore(kv);
    await store.add(mkRecord('a', 1));
    await store.add(mkRecord('b', 3, { parentId: 'a' }));
    await store.add(mkRecord('c', 2, { parentId: 'a', task: mkTask('c', { status: 'SUCCESS' }) }));
    assert.deepEqual(
      store.list().map((r) => r.task.id),
      ['b', 'c', 'a'],
    );
    assert.deepEqual(
      store.children('a').map((r) => r.task.id),
      ['b', 'c'],
    );
    assert.deepEqual(
      store.roots().map((r) => r.task.id),
      ['a'],
    );
    assert.deepEqual(
      store.unfinished().map((r) => r.task.id),
      ['b', 'a'],
    );
    assert.deepEqual([...kv.keys()].sort(), [taskKey('a'), taskKey('b'), taskKey('c')]);
    // A second store over the same data sees the same tasks (persistence).
    assert.deepEqual(
      new TaskStore(kv).list().map((r) => r.task.id),
      ['b', 'c', 'a'],
    );
  });

  it('delete re-parents children to undefined and removes the key', async () => {
    const kv = new MemoryKv();
    const store = new TaskStore(kv);
    await store.add(mkRecord('a', 1));
    await store.add(mkRecord('b', 2, { parentId: 'a' }));
    const fired: string[][] = [];
    store.onDidChange((e) => fired.push(e.ids));
    await store.delete('a');
    assert.equal(store.get('a'), undefined);
    assert.equal(store.get('b')?.parentId, undefined);
    assert.equal(kv.get(taskKey('a')), undefined);
    assert.equal(kv.get<{ parentId?: string }>(taskKey('b'))?.parentId, undefined);
    assert.ok(fired.some((ids) => ids.includes('a')));
  });

  it('applyServerTask keeps local fields, stamps progress, never regresses a final status', async () => {
    let now = 100;
    const store = new TaskStore(new MemoryKv(), { now: () => now });
    await store.add(mkRecord('t', 100, { localImage: '/x.png', notify: true, parentId: 'p' }));
    now = 200;
    const r1 = await store.applyServerTask(mkTask('t', { status: 'IN_PROGRESS', progress: 31 }));
    assert.equal(r1?.localImage, '/x.png');
    assert.equal(r1?.notify, true);
    assert.equal(r1?.parentId, 'p');
    assert.equal(r1?.updatedAt, 200);
    assert.equal(r1?.lastProgressAt, 200);
    now = 300;
    await store.applyServerTask(
      mkTask('t', { status: 'IN_PROGRESS', progress: 31, imageUrl: 'https://x/p.webp' }),
    );
    assert.equal(store.get('t')?.lastProgressAt, 200, 'progress did not change');
    assert.equal(store.get('t')?.updatedAt, 300);
    await store.applyServerTask(mkTask('t', { status: 'SUCCESS', progress: 100 }));
    now = 400;
    // A relay lagging behind answers with an older view: ignored.
    await store.applyServerTask(mkTask('t', { status: 'IN_PROGRESS', progress: 93 }));
    assert.equal(store.get('t')?.task.status, 'SUCCESS');
    assert.equal(await store.applyServerTask(mkTask('nope')), undefined, 'unknown ids are not added');
  });

  it('a poll result arriving for a deleted task does not resurrect it', async () => {
    const kv = new MemoryKv({ delay: randomDelay, applyOnResolve: true });
    const store = new TaskStore(kv);
    await store.add(mkRecord('t', 1));
    // The poll answer lands while the delete is still being written, and again after.
    const late = store.applyServerTask(mkTask('t', { status: 'IN_PROGRESS', progress: 15 }));
    const del = store.delete('t');
    const later = store.applyServerTask(mkTask('t', { status: 'SUCCESS', progress: 100 }));
    await Promise.all([late, del, later]);
    await store.flush();
    assert.equal(store.get('t'), undefined);
    assert.equal(kv.get(taskKey('t')), undefined);
    assert.equal(await store.applyServerTask(mkTask('t', { status: 'SUCCESS' })), undefined);
    assert.deepEqual(store.list(), []);
  });

  it('a poll in another window does not resurrect a task this window deleted', async () => {
    const kv = new MemoryKv();
    const files = new MemoryDir();
    const a = new TaskStore(kv, { files });
    await a.add(mkRecord('t', 1));
    const b = new TaskStore(kv, { files });
    await a.delete('t');
    // Window B has not synced yet; its poller still tracks the task and writes its answer.
    await b.applyServerTask(mkTask('t', { status: 'SUCCESS' }));
    await b.sync();
    assert.equal(b.get('t'), undefined, 'the tombstone wins over the later poll');
    assert.equal(await b.applyServerTask(mkTask('t', { status: 'SUCCESS' })), undefined);
    const again = new TaskStore(kv, { files });
    assert.ok(again.get('t'), 'globalState, a cache, may still hold it for the first paint');
    await again.loadArchive();
    assert.equal(again.get('t'), undefined, 'gone once the files are read');
  });

  for (const applyOnResolve of [false, true]) {
    it(`two windows writing at once keep every task (late, out-of-order writes; applyOnResolve=${applyOnResolve})`, async () => {
      const kv = new MemoryKv({ delay: randomDelay, applyOnResolve });
      const a = new TaskStore(kv);
      const b = new TaskStore(kv);
      const ops: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        ops.push(a.add(mkRecord(`a${i}`, i)));
        ops.push(b.add(mkRecord(`b${i}`, i)));
        if (i % 3 === 0)
          ops.push(a.applyServerTask(mkTask(`a${i}`, { status: 'IN_PROGRESS', progress: 15 })));
        if (i % 4 === 0) ops.push(b.update(`b${i}`, { localImage: `/img/b${i}.png` }));
      }
      await Promise.all(ops);
      await Promise.all([a.flush(), b.flush()]);
      a.refresh();
      b.refresh();
      for (const s of [a, b]) {
        assert.equal(s.list().length, 80);
        assert.equal(s.get('a3')?.task.progress, 15);
        assert.equal(s.get('b4')?.localImage, '/img/b4.png');
      }
      assert.equal(kv.keys().length, 80);
    });
  }

  it('both windows polling one task: the final status wins whatever order the writes land in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.integer({ min: 0, max: 5 }), async (successFirst, skew) => {
        const kv = new MemoryKv({ delay: randomDelay, applyOnResolve: true });
        const files = new MemoryDir(randomDelay);
        const a = new TaskStore(kv, { now: () => 1000, files });
        await a.add(mkRecord('t', 1));
        // Window B's clock runs a little ahead, so its stale write has the newer updatedAt.
        const b = new TaskStore(kv, { now: () => 1000 + skew, files });
        const win = () => a.applyServerTask(mkTask('t', { status: 'SUCCESS', progress: 100 }));
        const stale = () => b.applyServerTask(mkTask('t', { status: 'IN_PROGRESS', progress: 93 }));
        await Promise.all(successFirst ? [win(), stale()] : [stale(), win()]);
        await Promise.all([a.flush(), b.flush()]);
        // Crossed writes may leave the staler one on disk; a sync repairs it.
        await Promise.all([a.sync(), b.sync()]);
        await Promise.all([a.flush(), b.flush()]);
        await b.sync();
        await b.flush();
        assert.equal(a.get('t')?.task.status, 'SUCCESS');
        assert.equal(b.get('t')?.task.status, 'SUCCESS');
        // globalState is a cache (crossed writes may leave the staler one there); what is stored says SUCCESS.
        const again = new TaskStore(kv, { files });
        await again.loadArchive();
        assert.equal(again.get('t')?.task.status, 'SUCCESS');
      }),
      { numRuns: 30 },
    );
  });

  it('sync picks up another window’s new, changed and deleted tasks and fires for them', async () => {
    const kv = new MemoryKv();
    const files = new MemoryDir();
    const a = new TaskStore(kv, { files });
    const b = new TaskStore(kv, { files });
    await a.add(mkRecord('x', 1));
    await a.add(mkRecord('y', 2));
    await b.sync();
    const fired: string[] = [];
    b.onDidChange((e) => fired.push(...e.ids));
    await a.applyServerTask(mkTask('x', { status: 'SUCCESS' }));
    await a.delete('y');
    await a.add(mkRecord('z', 3));
    // What globalState says arrives at once (new, changed), the files say the rest (the deletion).
    b.refresh();
    await b.sync();
    assert.deepEqual([...new Set(fired)].sort(), ['x', 'y', 'z']);
    assert.deepEqual(
      b.list().map((r) => r.task.id),
      ['z', 'x'],
    );
    fired.length = 0;
    b.refresh();
    await b.sync();
    assert.deepEqual(fired, [], 'nothing changed, nothing fired');
  });

  // How fast: `npm run bench` (history part) measures the tree over 10,000 tasks; tests assert no times.
  it('lists 10,000 tasks newest first, and keeps the order through a poll and an add', async () => {
    const kv = new MemoryKv();
    for (let i = 0; i < 10_000; i++) {
      kv.data.set(
        taskKey(`t${i}`),
        mkRecord(`t${i}`, (i * 7919) % 10_000, { parentId: i % 10 ? `t${i - (i % 10)}` : undefined }),
      );
    }
    const store = new TaskStore(kv);
    assert.equal(store.list().length, 10_000);
    // What happens all day: a poll changes a task, a submit adds one; the list stays right.
    await store.applyServerTask(mkTask('t5', { status: 'SUCCESS' }));
    await store.add(mkRecord('new', 5_000.5));
    const all = store.list();
    assert.equal(all.find((r) => r.task.id === 't5')?.task.status, 'SUCCESS');
    assert.deepEqual(
      all.map((r) => r.createdAt),
      [...all.map((r) => r.createdAt)].sort((a, b) => b - a),
      'still newest first',
    );
    assert.equal(all.length, 10_001);
    assert.equal(all[0]?.createdAt, 9_999);
    assert.equal(all.find((r) => r.createdAt === 5_000.5)?.task.id, 'new', 'the new task in its place');
    assert.equal(store.children('t0').length, 9);
  });
});
