import * as assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../sim/server';
import { MjClient } from '../../src/core/api/client';
import { MjError } from '../../src/core/model/errors';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskService } from '../../src/core/tasks/taskService';
import { MemoryKv } from './storeFixtures';
import { imagine, TINY_PNG, waitFor } from './simHelpers';

describe('TaskService: edits and importing the server history (simulator)', () => {
  let sim: Simulator;
  let client: MjClient;
  let store: TaskStore;
  let tracked: string[];
  let service: TaskService;
  before(async () => {
    sim = await startSimulator({ speed: 120, relayLagMs: 0, maxRunning: 100 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    client = new MjClient({ baseUrl: sim.url, apiKey: sim.key, retry: { maxAttempts: 1 } });
    store = new TaskStore(new MemoryKv());
    tracked = [];
    service = new TaskService({
      client: () => client,
      activeProfile: () => 'default',
      store,
      track: (id) => tracked.push(id),
    });
  });

  const edits = (): unknown[] =>
    sim.requests.filter((r) => r.method === 'POST' && r.path === '/mj/submit/edits').map((r) => r.body);

  it('edit from a task: one /submit/edits with the prompt and image, an EDIT child nested under it', async () => {
    const parentId = await imagine(sim, 'a fox');
    await waitFor(sim, parentId);
    const [parentTask] = await client.listByCondition([parentId]);
    await service.adopt([parentTask!], 'default');
    const out = await service.edit('make it snow', TINY_PNG, { parentId, label: 'Edit' });
    assert.deepEqual(edits(), [{ prompt: 'make it snow', image: TINY_PNG }]);
    assert.equal(out.record.parentId, parentId);
    assert.equal(out.record.task.action, 'EDIT');
    assert.equal(out.record.origin.kind, 'edit');
    assert.ok(tracked.includes(out.record.task.id));
    const done = await waitFor(sim, out.record.task.id);
    assert.equal(done.action, 'EDIT');
    assert.equal(done.status, 'SUCCESS');
  });

  it('edit is sent once even when the server fails after receiving it', async () => {
    sim.addFault({
      fault: { kind: 'status', status: 502, html: true },
      path: '/mj/submit/edits',
      afterForwarding: true,
    });
    await assert.rejects(service.edit('make it snow', 'https://cdn.example/a.png'), MjError);
    assert.equal(edits().length, 1);
    assert.equal(sim.submitCount(), 1);
    assert.equal(store.list().length, 0);
  });

  it('a failed edit is not retried as an imagine', async () => {
    const out = await service.edit('a storm --sim-fail', TINY_PNG);
    await waitFor(sim, out.record.task.id);
    await store.applyServerTask((await client.fetchTask(out.record.task.id))!);
    await assert.rejects(service.retry(out.record.task.id), /Edit Image again/);
    assert.equal(sim.submitCount(), 1);
  });

  it('adopt adds listed tasks once, tracks the unfinished ones, and keeps what is already there', async () => {
    const done = await imagine(sim, 'made in the web console');
    await waitFor(sim, done);
    const running = await imagine(sim, 'still running --sim-stall');
    const listed = await client.listTasks();
    assert.deepEqual(new Set(listed.map((t) => t.id)), new Set([done, running]));
    const added = await service.adopt(listed, 'default');
    assert.deepEqual(new Set(added), new Set([done, running]));
    assert.deepEqual(tracked, [running]);
    assert.equal(store.get(done)?.origin.kind, 'track');
    assert.equal(store.get(done)?.profileId, 'default');
    // A second import (and a duplicate in one list) adds nothing.
    assert.deepEqual(await service.adopt([...listed, ...listed], 'default'), []);
    assert.equal(store.list().length, 2);
    assert.equal(sim.submitCount(), 2, 'importing never submits');
  });

  it('a relay has no task list: listTasks says "unsupported"', async () => {
    sim.setDialect('relay');
    await assert.rejects(
      client.listTasks(),
      (e: unknown) => e instanceof MjError && e.kind === 'unsupported',
    );
  });
});
