import * as assert from 'node:assert/strict';
import type { TaskRecord } from '../../src/core/tasks/store';
import {
  describeFilter,
  filterTasks,
  isEmptyFilter,
  lineageOf,
  searchTasks,
  statusGroup,
} from '../../src/core/tasks/taskFilter';
import { mkRecord, mkTask } from './storeFixtures';

const DAY = 86_400_000;
const NOW = 100 * DAY;

function rec(id: string, over: Partial<TaskRecord> & { prompt?: string; status?: string; action?: string }) {
  const { prompt, status, action, ...rest } = over;
  return mkRecord(id, rest.createdAt ?? NOW, {
    ...rest,
    task: mkTask(id, {
      prompt: prompt ?? `prompt ${id}`,
      status: status ?? 'SUCCESS',
      action: action ?? 'IMAGINE',
    }),
  });
}

const records = [
  rec('a', { prompt: 'A Lighthouse on a cliff --ar 3:2', starred: true, createdAt: NOW - 2 * DAY }),
  rec('b', { prompt: 'neon city in rain', status: 'FAILURE', createdAt: NOW - 10 * DAY }),
  rec('c', { prompt: 'lighthouse at night', action: 'UPSCALE', parentId: 'a', createdAt: NOW - DAY }),
  rec('d', { prompt: 'koi pond', status: 'IN_PROGRESS', createdAt: NOW - 40 * DAY }),
  rec('e', { prompt: 'fox in snow', status: 'MODAL', starred: true, createdAt: NOW }),
];
const ids = (rs: TaskRecord[]) => rs.map((r) => r.task.id);

describe('taskFilter', () => {
  it('groups statuses in our words', () => {
    assert.deepEqual(
      ['SUCCESS', 'FAILURE', 'CANCEL', 'MODAL', 'IN_PROGRESS', 'SUBMITTED', '', 'WEIRD'].map(statusGroup),
      ['done', 'failed', 'failed', 'waiting', 'running', 'running', 'running', 'running'],
    );
  });

  it('an empty filter shows everything; each field narrows, and they combine', () => {
    assert.ok(isEmptyFilter({ text: '  ' }));
    assert.deepEqual(ids(filterTasks(records, {}, NOW)), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(ids(filterTasks(records, { starred: true }, NOW)), ['a', 'e']);
    assert.deepEqual(ids(filterTasks(records, { statuses: ['failed', 'running'] }, NOW)), ['b', 'd']);
    assert.deepEqual(ids(filterTasks(records, { actions: ['UPSCALE'] }, NOW)), ['c']);
    assert.deepEqual(ids(filterTasks(records, { withinDays: 7 }, NOW)), ['a', 'c', 'e']);
    assert.deepEqual(ids(filterTasks(records, { text: 'LIGHTHOUSE' }, NOW)), ['a', 'c']);
    assert.deepEqual(
      ids(filterTasks(records, { text: 'lighthouse', statuses: ['done'], starred: true }, NOW)),
      ['a'],
    );
    assert.deepEqual(ids(filterTasks(records, { text: 'lighthouse', withinDays: 1 }, NOW)), ['c']);
  });

  it('search matches every word of the query anywhere in the prompt, keeps order, honours the limit', () => {
    assert.deepEqual(ids(searchTasks(records, 'cliff light')), ['a']);
    assert.deepEqual(ids(searchTasks(records, '--ar 3:2')), ['a']);
    assert.deepEqual(ids(searchTasks(records, 'in')), ['b', 'e']);
    assert.deepEqual(ids(searchTasks(records, 'in', 1)), ['b']);
    assert.deepEqual(ids(searchTasks(records, 'no such words')), []);
    assert.equal(searchTasks(records, '').length, 5);
  });

  it('a changed record is searched with its new prompt (no stale cache)', () => {
    const before = rec('x', { prompt: 'old words' });
    assert.equal(searchTasks([before], 'old').length, 1);
    const after = { ...before, task: { ...before.task, prompt: 'new words' } };
    assert.equal(searchTasks([after], 'old').length, 0);
    assert.equal(searchTasks([after], 'new').length, 1);
  });

  it('describes the filter in one line', () => {
    assert.equal(
      describeFilter({ starred: true, statuses: ['done'], withinDays: 7, text: ' fox ' }),
      'Starred · Done · last 7 days · “fox”',
    );
    assert.equal(describeFilter({}), '');
  });

  it('lineage lists every ancestor oldest first and survives a cycle', () => {
    const chain = [
      rec('g', { prompt: 'grid' }),
      rec('u', { parentId: 'g' }),
      rec('z', { parentId: 'u' }),
      rec('v', { parentId: 'z' }),
      rec('loop1', { parentId: 'loop2' }),
      rec('loop2', { parentId: 'loop1' }),
    ];
    const get = (id: string) => chain.find((r) => r.task.id === id);
    assert.deepEqual(ids(lineageOf('v', get)), ['g', 'u', 'z']);
    assert.deepEqual(ids(lineageOf('g', get)), []);
    assert.deepEqual(ids(lineageOf('loop1', get)), ['loop2']);
  });

  // How fast: `npm run bench` (history part) measures search over 10,000 prompts; tests assert no times.
  it('finds every match among 10,000 prompts', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      rec(`t${i}`, { prompt: `task number ${i} with some lighthouse words ${i % 7 ? 'fox' : 'owl'}` }),
    );
    const hits = searchTasks(many, 'owl lighthouse');
    assert.equal(hits.length, Math.ceil(10_000 / 7));
    assert.ok(hits.every((r) => /owl/.test(r.task.prompt)));
  });
});
