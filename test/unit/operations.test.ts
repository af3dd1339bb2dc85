/**
 * The pure parts of the image/describe/shorten/seed/cancel/track flows, and each flow through
 * TaskService + MjClient against the simulator in every dialect that has it: the request the simulator
 * received and the record the store ends up with.
 */
import * as assert from 'node:assert/strict';
import { MjClient } from '../../src/core/api/client';
import { parseDescribePrompts, resultPrompts } from '../../src/core/prompts/describePrompts';
import type { MjError } from '../../src/core/model/errors';
import { checkImages, imageMime, MAX_IMAGE_BYTES, toDataUrl } from '../../src/core/media/imageInput';
import { isStalled } from '../../src/core/tasks/stall';
import type { KeyValueStore, TaskRecord } from '../../src/core/tasks/store';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskService } from '../../src/core/tasks/taskService';
import { isFinal } from '../../src/core/model/types';
import { startSimulator } from '../../sim/server';
import type { Dialect, Simulator } from '../../sim/server';

class MemoryKv implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.map.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, structuredClone(value));
  }
}

// A real 1x1 PNG, so the simulator's data-URL check sees what a user's file gives.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('image input', () => {
  it('gives each image extension its MIME type, case-insensitively', () => {
    assert.equal(imageMime('a.PNG'), 'image/png');
    assert.equal(imageMime('b.jpg'), 'image/jpeg');
    assert.equal(imageMime('c.JPEG'), 'image/jpeg');
    assert.equal(imageMime('d.webp'), 'image/webp');
    assert.equal(imageMime('e.gif'), 'image/gif');
    assert.equal(imageMime('f.svg'), undefined);
    assert.equal(imageMime('png'), undefined);
  });

  it('makes data URLs with the right MIME type and the exact bytes', () => {
    const url = toDataUrl('x.png', new Uint8Array(PNG));
    assert.ok(url.startsWith('data:image/png;base64,'));
    assert.deepEqual(Buffer.from(url.split(',')[1]!, 'base64'), PNG);
    assert.ok(toDataUrl('x.jpg', new Uint8Array([1, 2])).startsWith('data:image/jpeg;base64,AQI'));
    // A view into a larger buffer encodes only its own bytes.
    const big = new Uint8Array([9, 9, 1, 2, 9]);
    assert.equal(toDataUrl('y.gif', big.subarray(2, 4)), 'data:image/gif;base64,AQI=');
  });

  it('refuses too many, too few, too large, empty and non-image files before sending', () => {
    const ok = { name: 'a.png', size: 1000 };
    assert.equal(checkImages([ok]), undefined);
    assert.match(checkImages([])!, /at least one/);
    assert.match(checkImages(Array(6).fill(ok))!, /at most 5 images \(got 6\)/);
    assert.match(checkImages([ok], { min: 2, max: 5 })!, /at least 2 images \(got 1\)/);
    assert.match(
      checkImages([{ name: 'big.png', size: MAX_IMAGE_BYTES + 1 }])!,
      /big\.png is 5\.0 MB; .* at most 5 MB/,
    );
    assert.equal(checkImages([{ name: 'edge.png', size: MAX_IMAGE_BYTES }]), undefined);
    assert.match(checkImages([{ name: 'z.png', size: 0 }])!, /empty/);
    assert.match(checkImages([{ name: 'notes.txt', size: 10 }])!, /not a PNG/);
  });
});

describe('parseDescribePrompts', () => {
  it('reads keycap-emoji items, with and without the variation selector', () => {
    const text =
      '1\uFE0F\u20E3 a fox at dusk --ar 1:1\n\n2\u20E3 a paper boat\n\n3\uFE0F\u20E3 three\n\n4\uFE0F\u20E3 four';
    assert.deepEqual(parseDescribePrompts(text), ['a fox at dusk --ar 1:1', 'a paper boat', 'three', 'four']);
  });

  it('reads "1." / "1)" / ":one:" / bold numbers, and joins wrapped lines', () => {
    assert.deepEqual(
      parseDescribePrompts('1. first\n2) second\n  continues here\n:three: third\n**4.** fourth'),
      ['first', 'second continues here', 'third', 'fourth'],
    );
  });

  it('skips the Important tokens block of a shorten result', () => {
    const text =
      '**Important tokens**\nfox, snow\n\n**Shortened prompts**\n1\uFE0F\u20E3 a red fox in snow\n\n2\uFE0F\u20E3 a red fox';
    assert.deepEqual(parseDescribePrompts(text), ['a red fox in snow', 'a red fox']);
  });

  it('gives nothing for text without numbered items, and CRLF works', () => {
    assert.deepEqual(parseDescribePrompts('/describe 123'), []);
    assert.deepEqual(parseDescribePrompts('1. a\r\n2. b'), ['a', 'b']);
  });

  it('takes the prompts of finished describe/shorten tasks only, from whichever field has them', () => {
    const base = { action: 'DESCRIBE', status: 'SUCCESS', description: '/describe 1', promptEn: '' };
    assert.deepEqual(resultPrompts({ ...base, finalPrompt: '1. x\n2. y' }), ['x', 'y']);
    assert.deepEqual(resultPrompts({ ...base, promptEn: '1. only here' }), ['only here']);
    assert.deepEqual(resultPrompts({ ...base, status: 'IN_PROGRESS', finalPrompt: '1. x' }), []);
    assert.deepEqual(resultPrompts({ ...base, action: 'IMAGINE', finalPrompt: '1. x' }), []);
  });
});

describe('isStalled', () => {
  const rec = (
    status: string,
    lastProgressAt?: number,
  ): Pick<TaskRecord, 'task' | 'lastProgressAt' | 'createdAt'> => ({
    task: {
      id: '1',
      action: 'IMAGINE',
      status,
      prompt: '',
      promptEn: '',
      description: '',
      state: '',
      buttons: [],
    },
    lastProgressAt,
    createdAt: 1000,
  });
  it('marks a running task whose progress did not move for the limit', () => {
    assert.equal(isStalled(rec('IN_PROGRESS', 1000), 1000 + 299_999, 300_000), false);
    assert.equal(isStalled(rec('IN_PROGRESS', 1000), 1000 + 300_000, 300_000), true);
    // Before any progress: counted from when it was recorded.
    assert.equal(isStalled(rec('SUBMITTED'), 1000 + 300_000, 300_000), true);
  });
  it('never marks finished, MODAL tasks, or when turned off', () => {
    for (const s of ['SUCCESS', 'FAILURE', 'CANCEL', 'MODAL'])
      assert.equal(isStalled(rec(s, 0), 1e9, 1000), false);
    assert.equal(isStalled(rec('IN_PROGRESS', 0), 1e9, 0), false);
  });
});

const DIALECTS: Dialect[] = ['trueai', 'relay', 'novicezk'];

describe('operations against the simulator', function () {
  this.timeout(30_000);
  let sim: Simulator | undefined;
  let client: MjClient | undefined;
  let store: TaskStore;
  let service: TaskService;
  let tracked: string[];

  async function start(dialect: Dialect): Promise<Simulator> {
    sim = await startSimulator({ dialect, speed: 300, queueMs: 10, relayLagMs: 0 });
    client = new MjClient({
      baseUrl: sim.url,
      apiKey: sim.key,
      authHeader: dialect === 'novicezk' ? 'mj-api-secret' : 'Authorization',
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    const c = client;
    store = new TaskStore(new MemoryKv());
    tracked = [];
    service = new TaskService({ client: () => c, store, track: (id) => tracked.push(id) });
    return sim;
  }

  afterEach(async () => {
    await client?.close();
    await sim?.close();
    client = undefined;
    sim = undefined;
  });

  /** Polls one task into the store until it is final, as the poller would. */
  async function finish(id: string): Promise<TaskRecord> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rec = await service.refresh(id);
      if (rec && isFinal(rec.task.status)) return rec;
      if (Date.now() > deadline) assert.fail(`task ${id} still ${rec?.task.status}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  const posts = (s: Simulator, endpoint: string) =>
    s.requests.filter((r) => r.method === 'POST' && r.path.endsWith(endpoint));

  for (const dialect of DIALECTS) {
    describe(dialect, () => {
      it('imagines with reference images: the data URLs reach the server as base64Array', async () => {
        const s = await start(dialect);
        const url = toDataUrl('ref.png', new Uint8Array(PNG));
        const out = await service.imagine('a fox like this', { base64Array: [url, url] });
        const sent = posts(s, '/submit/imagine');
        assert.equal(sent.length, 1);
        assert.deepEqual((sent[0]!.body as { base64Array: string[] }).base64Array, [url, url]);
        assert.equal(out.record.origin.kind, 'imagine');
        assert.deepEqual(tracked, [out.record.task.id]);
      });

      it('blends images with the chosen dimensions into a BLEND task', async () => {
        const s = await start(dialect);
        const url = toDataUrl('a.webp', new Uint8Array(PNG));
        const out = await service.blend([url, url, url], 'PORTRAIT', 'Blend 3 images');
        const sent = posts(s, '/submit/blend');
        assert.equal(sent.length, 1);
        assert.equal((sent[0]!.body as { dimensions: string }).dimensions, 'PORTRAIT');
        assert.equal(out.record.origin.kind, 'blend');
        const done = await finish(out.record.task.id);
        assert.equal(done.task.status, 'SUCCESS');
        assert.equal(done.task.action, 'BLEND');
        assert.ok(done.task.imageUrl);
      });

      it('describes an image into four prompts', async () => {
        const s = await start(dialect);
        const out = await service.describe(toDataUrl('cat.jpg', new Uint8Array(PNG)), 'Describe cat.jpg');
        assert.equal(posts(s, '/submit/describe').length, 1);
        assert.match(
          (posts(s, '/submit/describe')[0]!.body as { base64: string }).base64,
          /^data:image\/jpeg;base64,/,
        );
        const done = await finish(out.record.task.id);
        const prompts = resultPrompts(done.task);
        assert.equal(prompts.length, 4, JSON.stringify(done.task));
        for (const p of prompts) assert.match(p, /--ar 1:1$/);
        assert.equal(service.resultPrompt(done.task.id, 3), prompts[3]);
        assert.equal(service.resultPrompt(done.task.id, 4), undefined);
      });

      it('imagines a described prompt once: by the PicReader button, the new imagine, or the modal', async () => {
        const s = await start(dialect);
        const out = await service.describe(toDataUrl('cat.png', new Uint8Array(PNG)), 'Describe cat.png');
        await finish(out.record.task.id);
        const prompt = service.resultPrompt(out.record.task.id, 1)!;
        s.clearRequests();
        const next = await service.imagineResultPrompt(out.record.task.id, 1);
        const actions = posts(s, '/submit/action');
        const imagines = posts(s, '/submit/imagine');
        if (dialect === 'trueai') {
          // The button answers a MODAL task that the host continues with /submit/modal.
          assert.equal(actions.length, 1);
          assert.equal((actions[0]!.body as { customId: string }).customId, 'MJ::Job::PicReader::2');
          assert.equal(imagines.length, 0);
          assert.equal(next.needsModal, true);
          assert.equal(next.record.parentId, out.record.task.id);
        } else {
          // relay: lists the buttons but refuses them (unknown_action, nothing accepted); novicezk: no buttons.
          assert.equal(actions.length, dialect === 'relay' ? 1 : 0);
          assert.equal(imagines.length, 1, 'exactly one imagine');
          assert.equal((imagines[0]!.body as { prompt: string }).prompt, prompt);
          assert.equal(next.needsModal, false);
        }
      });

      if (dialect !== 'novicezk') {
        it('shortens a prompt into numbered variants', async () => {
          const s = await start(dialect);
          const out = await service.shorten('a red fox sitting in fresh snow at dawn, golden light --ar 3:2');
          assert.equal(posts(s, '/submit/shorten').length, 1);
          assert.equal(out.record.origin.kind, 'shorten');
          const done = await finish(out.record.task.id);
          const prompts = resultPrompts(done.task);
          assert.equal(prompts.length, 5, JSON.stringify(done.task));
          assert.ok(prompts[0]!.startsWith('a red fox'));
        });

        it('fetches the seed of a finished task and keeps it on the record', async () => {
          const s = await start(dialect);
          const out = await service.imagine('a seed test');
          await finish(out.record.task.id);
          const seed = await service.fetchSeed(out.record.task.id);
          assert.match(seed, /^\d+$/);
          assert.equal(store.get(out.record.task.id)?.seed, seed);
          // Asked once; the stored seed answers the next time.
          await service.fetchSeed(out.record.task.id);
          assert.equal(s.requests.filter((r) => r.path.endsWith('/image-seed')).length, 1);
        });
      } else {
        it('says this server cannot shorten', async () => {
          await start(dialect);
          await assert.rejects(service.shorten('a fox'), (e: MjError) => e.kind === 'unsupported');
          assert.equal(store.list().length, 0);
        });
      }

      it(
        dialect === 'trueai' ? 'cancels a running task' : 'says this server cannot cancel tasks',
        async () => {
          const s = await start(dialect);
          s.setSpeed(20_000);
          const out = await service.imagine('a long one');
          if (dialect === 'trueai') {
            const rec = await service.cancel(out.record.task.id);
            assert.equal(posts(s, `/task/${out.record.task.id}/cancel`).length, 1);
            assert.ok(rec && isFinal(rec.task.status), `status ${rec?.task.status}`);
          } else {
            await assert.rejects(
              service.cancel(out.record.task.id),
              (e: MjError) => e.kind === 'unsupported' && e.message === 'This server cannot cancel tasks.',
            );
          }
        },
      );

      it('tracks a task submitted elsewhere by its id, and refuses an unknown id', async () => {
        const s = await start(dialect);
        const other = new MjClient({
          baseUrl: s.url,
          apiKey: s.key,
          authHeader: dialect === 'novicezk' ? 'mj-api-secret' : 'Authorization',
        });
        const submitted = await other.imagine({ prompt: 'made elsewhere' });
        await other.close();
        const { record, existed } = await service.track(submitted.taskId);
        assert.equal(existed, false);
        assert.equal(record.origin.kind, 'track');
        assert.equal(record.task.prompt, 'made elsewhere');
        assert.deepEqual(tracked, [submitted.taskId]);
        assert.equal((await service.track(submitted.taskId)).existed, true);
        assert.equal(posts(s, '/submit/imagine').length, 1, 'tracking never submits');
        await assert.rejects(
          service.track('1234567890123456'),
          (e: MjError) => e.kind === 'notFound' && /does not know/.test(e.message),
        );
        assert.equal(store.list().length, 1);
      });
    });
  }
});
