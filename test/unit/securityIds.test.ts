/** Issue 16: server ids are bound to the request; a task's own profile serves its cancel, seed and track. */
import * as assert from 'node:assert/strict';
import type { TaskReader } from '../../src/core/api/client';
import type { SubmitResult, Task } from '../../src/core/model/types';
import { Poller } from '../../src/core/tasks/poller';
import { routingReader } from '../../src/core/tasks/routing';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskService, type SubmitApi } from '../../src/core/tasks/taskService';
import { MemoryKv, mkRecord, mkTask } from './storeFixtures';
import { rejects } from './testUtils';
import { FakeClock } from './pollerFixtures';

/** One fake server per profile; every call is logged as "<profile> <call> <id>". */
function servers(log: string[], answer: (profile: string, id: string) => Task | undefined) {
  return (profile = 'active'): SubmitApi & TaskReader => ({
    imagine: () =>
      Promise.resolve({
        code: 1,
        taskId: 'held',
        description: '',
        needsModal: false,
        properties: {},
      } as SubmitResult),
    change: () => Promise.reject(new Error('unused')),
    action: () => Promise.reject(new Error('unused')),
    modal: () =>
      Promise.resolve({
        code: 1,
        taskId: 'held',
        description: '',
        needsModal: false,
        properties: {},
      } as SubmitResult),
    blend: () => Promise.reject(new Error('unused')),
    describe: () => Promise.reject(new Error('unused')),
    shorten: () => Promise.reject(new Error('unused')),
    fetchTask: (id: string) => {
      log.push(`${profile} fetch ${id}`);
      return Promise.resolve(answer(profile, id));
    },
    listByCondition: (ids: string[]) => {
      log.push(`${profile} list ${ids.join(',')}`);
      return Promise.resolve(ids.map((id) => answer(profile, id)).filter((t): t is Task => !!t));
    },
    cancel: (id: string) => {
      log.push(`${profile} cancel ${id}`);
      return Promise.resolve();
    },
    imageSeed: (id: string) => {
      log.push(`${profile} seed ${id}`);
      return Promise.resolve(`seed-of-${profile}`);
    },
  });
}

async function setup(answer: (profile: string, id: string) => Task | undefined) {
  const log: string[] = [];
  const store = new TaskStore(new MemoryKv());
  const client = servers(log, answer);
  const tracked: string[] = [];
  const svc = new TaskService({
    client: (p) => client(p),
    activeProfile: () => 'active',
    store,
    track: (id) => tracked.push(id),
  });
  await store.add(
    mkRecord('mine', 1, { profileId: 'other', task: mkTask('mine', { status: 'IN_PROGRESS' }) }),
  );
  await store.add(
    mkRecord('held', 2, {
      profileId: 'other',
      task: mkTask('held', { status: 'SUCCESS', prompt: 'keep me' }),
    }),
  );
  return { log, store, svc, client, tracked };
}

describe('security: server ids bound to the request', () => {
  it('Cancel and Copy Seed go to the task’s profile; Track records the profile it asked', async () => {
    const { log, store, svc } = await setup((_p, id) => mkTask(id, { status: 'SUCCESS' }));
    await svc.cancel('mine');
    assert.equal(await svc.fetchSeed('held'), 'seed-of-other');
    await svc.track('new1');
    assert.deepEqual(
      log.filter((l) => !l.includes('fetch mine')),
      ['other cancel mine', 'other seed held', 'active fetch new1'],
    );
    assert.equal(store.get('new1')?.profileId, 'active', 'its later refreshes go where it was found');
  });

  it('a fetch for X answered with Y updates neither (refresh, track, the poller)', async () => {
    const { store, svc } = await setup((_p, id) =>
      mkTask(id === 'mine' ? 'held' : 'held', { status: 'FAILURE', prompt: 'overwritten' }),
    );
    await rejects(svc.refresh('mine'));
    await rejects(svc.track('new2'));
    const clock = new FakeClock(1_000_000);
    const forged = (): Promise<Task> =>
      Promise.resolve(mkTask('held', { status: 'FAILURE', prompt: 'overwritten' }));
    const poller = new Poller({
      reader: { fetchTask: forged, listByCondition: async () => [await forged()] },
      store,
      clock,
    });
    poller.start();
    poller.track('mine');
    await clock.advance(60_000);
    poller.dispose();
    assert.equal(store.get('held')?.task.prompt, 'keep me');
    assert.equal(store.get('held')?.task.status, 'SUCCESS');
    assert.equal(store.get('new2'), undefined);
  });

  it('a list answer keeps only the ids asked of that profile', async () => {
    const log: string[] = [];
    // Each server answers for every id it ever heard of, and one it was never asked about.
    const client = servers(log, (p, id) => mkTask(id, { prompt: `${p} says` }));
    const hostile = (p: string): TaskReader => ({
      fetchTask: (id) => client(p).fetchTask(id),
      listByCondition: async (ids) => [
        ...(await client(p).listByCondition(ids)),
        mkTask('b1', { prompt: `${p} forged` }),
        mkTask(ids[0]!, { prompt: 'dup' }),
      ],
    });
    const profileOf = (id: string): string => (id.startsWith('a') ? 'A' : 'B');
    const reader = routingReader(profileOf, hostile);
    const out = await reader.listByCondition(['a1', 'a2', 'b1']);
    assert.deepEqual(
      out.map((t) => `${t.id}:${t.prompt}`),
      ['a1:A says', 'a2:A says', 'b1:B says'],
    );
    assert.equal(await reader.fetchTask('a1').then((t) => t?.id), 'a1');
    const forged = routingReader(profileOf, () => ({
      fetchTask: () => Promise.resolve(mkTask('b1')),
      listByCondition: () => Promise.resolve([]),
    }));
    assert.equal(await forged.fetchTask('a1'), undefined);
  });

  it('a submit answered with an id we already hold is an error and leaves that task alone', async () => {
    const { store, svc } = await setup(() => undefined);
    const err = await rejects(svc.imagine('a new cat'));
    assert.match(err.userMessage, /already in your list/);
    assert.equal(store.get('held')?.task.prompt, 'keep me');
    const err2 = await rejects(svc.submitModal('mine', 'zoom'));
    assert.match(err2.userMessage, /already in your list/);
    assert.equal(store.get('held')?.task.status, 'SUCCESS');
  });
});
