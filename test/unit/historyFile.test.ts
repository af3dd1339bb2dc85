import * as assert from 'node:assert/strict';
import {
  buildHistoryExport,
  HISTORY_FORMAT,
  HistoryFileError,
  needsPolling,
  parseHistoryFile,
  planImport,
} from '../../src/core/history/historyFile';
import type { TaskRecord } from '../../src/core/tasks/store';
import { TaskStore } from '../../src/core/tasks/store';
import { MemoryKv, mkTask } from './storeFixtures';

function rec(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  return {
    task: mkTask(id, { status: 'SUCCESS', prompt: `a cat ${id}`, imageUrl: `https://cdn.example/${id}.png` }),
    origin: { kind: 'imagine' },
    createdAt: 1_000 + Number(id),
    updatedAt: 2_000 + Number(id),
    ...over,
  };
}

const SAMPLE: TaskRecord[] = [
  rec('1', { localImage: '/home/u/.storage/images/1.png', starred: true, profileId: 'p1', notify: true }),
  rec('2', {
    parentId: '1',
    origin: { kind: 'action', customId: 'MJ::JOB::upsample::1::x', label: 'U1' },
    localImage: 'C:\\Users\\u\\images\\1.png',
    seed: '1234',
  }),
  rec('3', { task: mkTask('3', { status: 'IN_PROGRESS', progress: 40 }), localImage: '/gone/3.png' }),
  rec('4', { localVideos: ['/s/images/videos/4-0.webm', '/s/images/videos/4-1.webm'] }),
];
const present = new Set([
  '/home/u/.storage/images/1.png',
  'C:\\Users\\u\\images\\1.png',
  '/s/images/videos/4-0.webm',
]);
const build = (records = SAMPLE): ReturnType<typeof buildHistoryExport> =>
  buildHistoryExport(records, { now: Date.UTC(2026, 0, 2), exists: (p) => present.has(p) });

function mutate(fn: (doc: Record<string, unknown> & { tasks: Record<string, unknown>[] }) => void): string {
  const doc = JSON.parse(JSON.stringify(build().document)) as Record<string, unknown> & {
    tasks: Record<string, unknown>[];
  };
  fn(doc);
  return JSON.stringify(doc);
}

function rejects(text: string, message: RegExp): void {
  assert.throws(
    () => parseHistoryFile(text),
    (e: unknown) => e instanceof HistoryFileError && message.test(e.message) && /\.$/.test(e.message),
  );
}

describe('History file: export', () => {
  it('writes a versioned document with relative, unique image names and only files that exist', () => {
    const { document, files } = build();
    assert.equal(document.format, HISTORY_FORMAT);
    assert.equal(document.version, 1);
    assert.equal(document.exportedAt, '2026-01-02T00:00:00.000Z');
    const byId = new Map(document.tasks.map((t) => [t.task.id, t]));
    assert.equal(byId.get('1')?.localImage, 'images/1.png');
    assert.equal(
      byId.get('2')?.localImage,
      'images/1-2.png',
      'a second file of the same name gets a free one',
    );
    assert.equal(byId.get('3')?.localImage, undefined, 'a missing image is not referenced');
    assert.deepEqual(byId.get('4')?.localVideos, ['images/4-0.webm']);
    assert.deepEqual(files, [
      { source: '/home/u/.storage/images/1.png', name: '1.png' },
      { source: 'C:\\Users\\u\\images\\1.png', name: '1-2.png' },
      { source: '/s/images/videos/4-0.webm', name: '4-0.webm' },
    ]);
    assert.equal(byId.get('1')?.notify, undefined, 'session-only fields stay home');
    assert.equal(byId.get('2')?.parentId, '1');
  });

  it('writes only known record fields, so nothing secret can ride along', () => {
    const leaky = { ...rec('5'), apiKey: 'sk-canary-123', secret: 'canary' } as TaskRecord;
    const text = JSON.stringify(build([leaky]).document);
    assert.ok(!text.includes('canary'), text);
    assert.ok(!/key|secret|token|password/i.test(Object.keys(build([leaky]).document.tasks[0] ?? {}).join()));
  });

  it('round-trips: what is exported parses back to the same records', () => {
    const { document } = build();
    const back = parseHistoryFile(JSON.stringify(document));
    assert.deepEqual(back, document);
  });
});

describe('History file: strict reading', () => {
  it('names a wrong format, version or JSON in one sentence', () => {
    rejects('{not json', /not valid JSON/);
    rejects('[]', /not a Midjourney Studio history/);
    rejects(JSON.stringify({ format: 'other', version: 1, tasks: [] }), /not a Midjourney Studio history/);
    rejects(
      mutate((d) => (d.version = 2)),
      /version 2; .* reads version 1/,
    );
    rejects(
      mutate((d) => delete d.version),
      /version none/,
    );
    rejects(
      mutate((d) => (d.tasks = {} as never)),
      /no list of tasks/,
    );
  });

  it('refuses malformed records field by field, naming the task', () => {
    rejects(
      mutate((d) => (d.tasks[1] = 'x' as never)),
      /^Task 2 .* not a task record/,
    );
    rejects(
      mutate((d) => delete d.tasks[0]?.task),
      /^Task 1 .* no "task"/,
    );
    rejects(
      mutate((d) => ((d.tasks[0]?.task as Record<string, unknown>).id = 42)),
      /"id"/,
    );
    rejects(
      mutate((d) => ((d.tasks[0]?.task as Record<string, unknown>).id = '  ')),
      /"id"/,
    );
    rejects(
      mutate((d) => ((d.tasks[0] as Record<string, unknown>).updatedAt = 'soon')),
      /"updatedAt"/,
    );
    rejects(
      mutate((d) => ((d.tasks[0] as Record<string, unknown>).origin = { kind: 'hack' })),
      /"origin.kind"/,
    );
    rejects(
      mutate((d) => ((d.tasks[0]?.task as Record<string, unknown>).buttons = [{ customId: 1 }])),
      /"customId"/,
    );
    rejects(
      mutate((d) => ((d.tasks[0] as Record<string, unknown>).starred = 'yes')),
      /"starred"/,
    );
  });

  it('refuses image paths that leave the images folder', () => {
    for (const bad of [
      '../../.ssh/id_rsa',
      '/etc/passwd',
      'images/../x.png',
      'images/a/b.png',
      'images/..',
      'C:\\x.png',
    ]) {
      rejects(
        mutate((d) => ((d.tasks[0] as Record<string, unknown>).localImage = bad)),
        /"localImage"/,
      );
    }
    rejects(
      mutate((d) => ((d.tasks[3] as Record<string, unknown>).localVideos = ['images/ok.webm', '../x'])),
      /"localVideos"/,
    );
  });

  it('keeps the newer version of a task listed twice', () => {
    const older = rec('7', { updatedAt: 10 });
    const newer = rec('7', { updatedAt: 20, starred: true });
    const text = JSON.stringify({
      format: HISTORY_FORMAT,
      version: 1,
      exportedAt: '',
      tasks: [newer, older],
    });
    const doc = parseHistoryFile(text);
    assert.equal(doc.tasks.length, 1);
    assert.equal(doc.tasks[0]?.starred, true);
  });
});

describe('History file: merging into the store', () => {
  it('adds new tasks, replaces only older ones, never makes a second row, keeps parent links', async () => {
    const store = new TaskStore(new MemoryKv());
    await store.add(rec('1', { updatedAt: 99_999, starred: false }));
    await store.add(rec('2', { updatedAt: 1, parentId: '1' }));
    const incoming = parseHistoryFile(JSON.stringify(build().document)).tasks;
    const plan = planImport(incoming, (id) => store.get(id));
    assert.equal(plan.added, 2);
    assert.equal(plan.already, 2);
    assert.deepEqual(
      plan.toAdd.map((r) => r.task.id),
      ['2', '3', '4'],
      'task 1 is newer here, so the file does not replace it',
    );
    for (const r of plan.toAdd) await store.add(r);
    assert.deepEqual(
      store
        .list()
        .map((r) => r.task.id)
        .sort(),
      ['1', '2', '3', '4'],
    );
    assert.equal(store.get('1')?.starred, false);
    assert.equal(store.get('2')?.seed, '1234');
    assert.deepEqual(
      store.children('1').map((r) => r.task.id),
      ['2'],
    );

    const again = planImport(incoming, (id) => store.get(id));
    assert.equal(again.added, 0);
    assert.equal(again.already, 4);
    assert.deepEqual(again.toAdd, []);
    assert.equal(store.list().length, 4);
  });

  it('sends only running tasks to the poller', () => {
    assert.equal(needsPolling(rec('1')), false);
    assert.equal(needsPolling(rec('1', { task: mkTask('1', { status: 'IN_PROGRESS' }) })), true);
    assert.equal(needsPolling(rec('1', { task: mkTask('1', { status: 'MODAL' }) })), false);
  });
});
