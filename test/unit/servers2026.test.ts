// The client and task service against the servers as they are in late 2026 (API.md "Midjourney in late
// 2026"), with the simulator: trueai v10+ without /submit/change, statuses by name and number, trueai's
// cancel, return codes 23/24/30, and the extras trueai takes (strong, enableRemix, language, retexture,
// upload-discord-images, video batchSize/videoType).
import * as assert from 'node:assert/strict';
import { startSimulator, type Dialect, type Simulator } from '../../sim/server';
import { MjClient } from '../../src/core/api/client';
import { normalizeStatus, parseTask } from '../../src/core/api/dto';
import { referenceText, uploadReference } from '../../src/core/api/reference';
import { ServerRoutes } from '../../src/core/api/serverRoutes';
import { MjError } from '../../src/core/model/errors';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskService } from '../../src/core/tasks/taskService';
import { MemoryKv } from './storeFixtures';
import { imagine, TINY_PNG, waitFor } from './simHelpers';

describe('servers in 2026: client and task service (simulator)', function () {
  this.timeout(15_000);
  let sim: Simulator;
  let client: MjClient;
  let store: TaskStore;
  let kv: MemoryKv;
  let service: TaskService;
  before(async () => {
    sim = await startSimulator({ speed: 150, queueMs: 10, relayLagMs: 0, maxRunning: 100 });
  });
  after(() => sim.close());
  const use = (dialect: Dialect): void => {
    sim.reset();
    sim.setDialect(dialect);
    client = new MjClient({
      baseUrl: sim.url,
      apiKey: sim.key,
      authHeader: dialect === 'novicezk' ? 'mj-api-secret' : 'Authorization',
      retry: { maxAttempts: 1 },
    });
    store = new TaskStore(new MemoryKv());
    kv = new MemoryKv();
    service = new TaskService({
      client: () => client,
      activeProfile: () => 'p1',
      store,
      track: () => undefined,
      routes: new ServerRoutes(kv),
    });
  };
  const posts = (path: string): unknown[] =>
    sim.requests.filter((r) => r.method === 'POST' && r.path === path).map((r) => r.body);

  /** A finished grid in the store as a record made before its buttons were known (so U/V are pseudo-buttons). */
  const gridWithoutButtons = async (prompt = 'a fox'): Promise<string> => {
    const id = await imagine(sim, prompt);
    await waitFor(sim, id);
    const [task] = await client.listByCondition([id]);
    await service.adopt([{ ...task!, buttons: [] }], 'p1');
    return id;
  };

  it('trueai: U1 meets the 404 of /submit/change once, goes by the buttons and /submit/action, and remembers it', async () => {
    use('trueai');
    const first = await gridWithoutButtons();
    const out = await service.pressButton(first, 'change:UPSCALE:1');
    assert.equal(posts('/mj/submit/change').length, 1, 'one try, answered 404');
    const [sent] = posts('/mj/submit/action') as Array<{ taskId: string; customId: string }>;
    assert.equal(sent?.taskId, first);
    assert.match(sent?.customId ?? '', /^MJ::JOB::upsample::1::/);
    assert.equal(out.record.origin.kind, 'action');
    assert.equal((await waitFor(sim, out.record.task.id)).action, 'UPSCALE');
    assert.ok(store.get(first)!.task.buttons.length > 0, 'the fresh buttons are kept');
    assert.deepEqual(kv.get('midjourney.serverRoutes.v1'), { p1: { change: true } });
    // From now on this profile never asks /submit/change again (and a new service reads it back).
    service = new TaskService({
      client: () => client,
      store,
      track: () => undefined,
      routes: new ServerRoutes(kv),
    });
    const second = await gridWithoutButtons('a hare');
    await service.pressButton(second, 'change:VARIATION:2');
    // Once the buttons are known the pseudo-buttons are gone: the press is the server's own button.
    await assert.rejects(service.pressButton(second, 'change:REROLL:0'), /did not offer that button/);
    const third = await gridWithoutButtons('a lynx');
    await service.pressButton(third, 'change:REROLL:0');
    assert.equal(posts('/mj/submit/change').length, 1);
    const ids = (posts('/mj/submit/action') as Array<{ customId: string }>).map((b) => b.customId);
    assert.match(ids[1] ?? '', /^MJ::JOB::variation::2::/);
    assert.match(ids[2] ?? '', /^MJ::JOB::reroll::0::/);
    assert.equal(sim.submitCount(), 6, 'three grids, three actions; the 404 made nothing');
  });

  it('a relay keeps /submit/change: U1 goes there and nothing is remembered', async () => {
    use('relay');
    const id = await gridWithoutButtons();
    await service.pressButton(id, 'change:UPSCALE:1');
    assert.deepEqual(posts('/mj/submit/change'), [{ taskId: id, action: 'UPSCALE', index: 1 }]);
    assert.equal(posts('/mj/submit/action').length, 0);
    assert.equal(kv.get('midjourney.serverRoutes.v1'), undefined);
  });

  it('a V8 task: no U1 is offered, so a press of it is refused before anything is sent or charged', async () => {
    use('trueai');
    const id = await gridWithoutButtons('a lake --v 8.1');
    await assert.rejects(service.pressButton(id, 'change:UPSCALE:1'), /did not offer that button/);
    // V2 is offered (a pseudo-button) and goes by the server's buttons, /submit/change being gone.
    await service.pressButton(id, 'change:VARIATION:2');
    const ids = (posts('/mj/submit/action') as Array<{ customId: string }>).map((b) => b.customId);
    assert.equal(ids.length, 1);
    assert.match(ids[0] ?? '', /^MJ::JOB::variation::2::/);
    assert.ok(!posts('/mj/submit/action').some((b) => /upsample/.test(JSON.stringify(b))));
    assert.equal(sim.submitCount(), 2);
  });

  it('Vary Strong / Subtle send `strong`, remix sends `enableRemix`; plain presses send neither', async () => {
    use('trueai');
    const id = await imagine(sim, 'a kite --v 8.1');
    await waitFor(sim, id);
    const [task] = await client.listByCondition([id]);
    await service.adopt([task!], 'p1');
    const v1 = task!.buttons.find((b) => b.customId.includes('variation::1'))!.customId;
    await service.pressButton(id, v1, { strong: true });
    await service.pressButton(id, v1, { strong: false, enableRemix: true });
    await service.pressButton(id, v1);
    const bodies = posts('/mj/submit/action') as Array<Record<string, unknown>>;
    assert.deepEqual(
      bodies.map((b) => [b.strong, b.enableRemix]),
      [
        [true, undefined],
        [false, true],
        [undefined, undefined],
      ],
    );
    assert.deepEqual(Object.keys(bodies[2]!).sort(), ['customId', 'taskId']);
  });

  it('NOT_START, MODAL, CANCEL, the numeric forms 0-7 and trueai’s FAILURE 取消任务 are read as what they are', async () => {
    assert.deepEqual(
      ['0', '1', '3', '4', '5', '6', '7', '2', 'NOT_START', 'MODAL', 'CANCEL', 'WEIRD'].map((s) =>
        normalizeStatus(s),
      ),
      [
        'NOT_START',
        'SUBMITTED',
        'IN_PROGRESS',
        'FAILURE',
        'SUCCESS',
        'MODAL',
        'CANCEL',
        '2',
        'NOT_START',
        'MODAL',
        'CANCEL',
        'WEIRD',
      ],
    );
    assert.equal(parseTask({ id: '1', status: 5 }).status, 'SUCCESS');
    use('trueai');
    sim.setSpeed(3000);
    const id = await imagine(sim, 'to be cancelled');
    await client.cancel(id);
    await waitFor(sim, id);
    const task = await client.fetchTask(id);
    assert.equal(task?.status, 'CANCEL');
    assert.equal(task?.failReason, undefined, 'the reason only repeated the status');
    // A real failure stays one.
    assert.equal(parseTask({ id: '2', status: 'FAILURE', failReason: 'Banned prompt' }).status, 'FAILURE');
    sim.configure({ numericStatus: true, queueMs: 2000 });
    const queued = await imagine(sim, 'waits');
    assert.equal((await client.fetchTask(queued))?.status, 'NOT_START');
  });

  it('codes 23, 24 and 30 each have their own sentence saying nothing was charged', async () => {
    use('trueai');
    const refused = async (): Promise<MjError> => {
      try {
        await client.imagine({ prompt: 'a tulip field' });
      } catch (e) {
        assert.ok(e instanceof MjError);
        return e;
      }
      return assert.fail('accepted');
    };
    sim.addFault({ fault: { kind: 'code', code: 23 } });
    const q = await refused();
    assert.equal(q.code, 23);
    assert.match(q.message, /queue is full.*nothing was charged/);
    assert.match(q.hint, /few minutes/);
    sim.addFault({ fault: { kind: 'code', code: 24, bannedWord: 'tulip' } });
    const b = await refused();
    assert.equal(b.bannedWord, 'tulip');
    assert.match(b.message, /banned word "tulip"; nothing was charged\. Rephrase it/);
    sim.addFault({ fault: { kind: 'code', code: 30 } });
    const s = await refused();
    assert.equal(s.code, 30);
    assert.match(s.message, /saturated.*nothing was charged/);
    sim.setDialect('relay');
    sim.addFault({ fault: { kind: 'code', code: 30 } });
    const r = await refused();
    assert.deepEqual([r.httpStatus, r.code, r.kind], [429, 30, 'business']);
    assert.match(r.message, /saturated.*nothing was charged/);
    assert.equal(r.mayHaveReachedServer, false);
    assert.equal(sim.submitCount(), 0);
  });

  it('describe sends `language`; retexture is its own route; video sends batchSize and videoType only when chosen', async () => {
    use('trueai');
    await service.describe(TINY_PNG, 'Describe', 'zh');
    await service.describe(TINY_PNG, 'Describe');
    assert.deepEqual(
      (posts('/mj/submit/describe') as Array<Record<string, unknown>>).map((b) => b.language),
      ['zh', undefined],
    );
    const re = await service.retexture('in bronze', TINY_PNG);
    assert.deepEqual(posts('/mj/submit/retexture'), [{ prompt: 'in bronze', image: TINY_PNG }]);
    assert.equal((await waitFor(sim, re.record.task.id)).action, 'RETEXTURE');
    const v = await service.videoFromImage({
      prompt: 'a wave',
      motion: 'low',
      image: TINY_PNG,
      batchSize: 2,
      resolution: 720,
    });
    await service.videoFromImage({ prompt: 'a wave', motion: 'low', image: TINY_PNG });
    const [chosen, plain] = posts('/mj/submit/video') as Array<Record<string, unknown>>;
    assert.deepEqual([chosen?.batchSize, chosen?.videoType], [2, 'vid_1.1_i2v_720']);
    assert.ok(!('batchSize' in plain!) && !('videoType' in plain!));
    assert.equal(((await waitFor(sim, v.record.task.id)).videoUrls as unknown[]).length, 2);
  });

  it('upload-discord-images turns a local picture into a link for --sref/--oref; a server without it is remembered', async () => {
    use('trueai');
    const routes = new ServerRoutes(kv);
    const url = await uploadReference(client, routes, 'p1', TINY_PNG);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/sim-uploads\/0$/);
    assert.equal(referenceText('sref', url), `--sref ${url}`);
    assert.equal(referenceText('oref', url), `--oref ${url}`);
    assert.equal((await fetch(url)).status, 200);
    sim.setDialect('novicezk');
    const nz = new MjClient({
      baseUrl: sim.url,
      apiKey: sim.key,
      authHeader: 'mj-api-secret',
      retry: { maxAttempts: 1 },
    });
    await assert.rejects(uploadReference(nz, routes, 'p2', TINY_PNG), /cannot turn a picture into a link/);
    const before = sim.requests.length;
    await assert.rejects(uploadReference(nz, routes, 'p2', TINY_PNG), /cannot turn a picture into a link/);
    assert.equal(sim.requests.length, before, 'asked once per profile');
    assert.equal(routes.lacks('p1', 'uploadImages'), false);
  });
});
