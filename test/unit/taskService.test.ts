import * as assert from 'node:assert/strict';
import { MjError } from '../../src/core/model/errors';
import type { KeyValueStore } from '../../src/core/tasks/store';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskService, type SubmitApi } from '../../src/core/tasks/taskService';
import type { SubmitResult, Task } from '../../src/core/model/types';

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

/** Records every submit it receives, like the simulator's request log. */
class FakeApi implements SubmitApi {
  readonly calls: { endpoint: string; body: unknown }[] = [];
  next: Partial<SubmitResult> = {};
  private seq = 100;
  private answer(endpoint: string, body: unknown): Promise<SubmitResult> {
    this.calls.push({ endpoint, body });
    const r: SubmitResult = {
      code: 1,
      taskId: String(this.seq++),
      description: 'Submit success',
      needsModal: false,
      properties: {},
      ...this.next,
    };
    return Promise.resolve(r);
  }
  imagine: SubmitApi['imagine'] = (p) => this.answer('imagine', p);
  change: SubmitApi['change'] = (p) => this.answer('change', p);
  action: SubmitApi['action'] = (p) => this.answer('action', p);
  modal: SubmitApi['modal'] = (p) => this.answer('modal', p);
  fetchTask: SubmitApi['fetchTask'] = () => Promise.resolve(undefined);
  blend: SubmitApi['blend'] = (p) => this.answer('blend', p);
  describe: SubmitApi['describe'] = (p) => this.answer('describe', p);
  shorten: SubmitApi['shorten'] = (p) => this.answer('shorten', p);
  cancel: SubmitApi['cancel'] = () => Promise.resolve();
  imageSeed: SubmitApi['imageSeed'] = () => Promise.resolve('1');
}

function grid(id: string, buttons: Task['buttons']): Task {
  return {
    id,
    action: 'IMAGINE',
    status: 'SUCCESS',
    prompt: 'a fox',
    promptEn: '',
    description: '',
    state: '',
    buttons,
    progress: 100,
  };
}

describe('TaskService', () => {
  let api: FakeApi;
  let store: TaskStore;
  let tracked: string[];
  let service: TaskService;

  beforeEach(() => {
    api = new FakeApi();
    store = new TaskStore(new MemoryKv());
    tracked = [];
    service = new TaskService({ client: () => api, store, track: (id) => tracked.push(id) });
  });

  it('imagine submits once, records the task and starts tracking it', async () => {
    const out = await service.imagine('a fox --ar 16:9');
    assert.equal(api.calls.length, 1);
    assert.deepEqual(api.calls[0].body, { prompt: 'a fox --ar 16:9', base64Array: undefined });
    assert.equal(store.get(out.record.task.id)?.task.status, 'SUBMITTED');
    assert.deepEqual(tracked, [out.record.task.id]);
  });

  it('a button the server offered is sent verbatim and the child is linked to its parent', async () => {
    const customId = 'MJ::JOB::upsample::1::abc';
    await store.add({
      task: grid('1', [{ customId, label: 'U1', emoji: '', style: 2 }]),
      origin: { kind: 'imagine' },
      createdAt: 1,
      updatedAt: 1,
    });
    const out = await service.pressButton('1', customId);
    assert.deepEqual(api.calls, [{ endpoint: 'action', body: { taskId: '1', customId } }]);
    assert.equal(out.record.parentId, '1');
    assert.equal(out.record.origin.label, 'U1');
    assert.equal(out.record.task.action, 'UPSCALE');
    assert.deepEqual(
      store.children('1').map((r) => r.task.id),
      [out.record.task.id],
    );
  });

  it('refuses a customId the server did not offer, without sending anything', async () => {
    await store.add({
      task: grid('1', [{ customId: 'MJ::JOB::upsample::1::abc', label: 'U1', emoji: '', style: 2 }]),
      origin: { kind: 'imagine' },
      createdAt: 1,
      updatedAt: 1,
    });
    await assert.rejects(
      service.pressButton('1', 'MJ::JOB::upsample::9::evil'),
      (e: MjError) => e.kind === 'business',
    );
    await assert.rejects(service.pressButton('1', 'change:UPSCALE:1'), MjError);
    await assert.rejects(service.pressButton('nope', 'x'), (e: MjError) => e.kind === 'notFound');
    assert.equal(api.calls.length, 0);
  });

  it('uses /submit/change for servers that send no buttons', async () => {
    await store.add({ task: grid('7', []), origin: { kind: 'imagine' }, createdAt: 1, updatedAt: 1 });
    const out = await service.pressButton('7', 'change:VARIATION:3');
    assert.deepEqual(api.calls, [
      { endpoint: 'change', body: { taskId: '7', action: 'VARIATION', index: 3 } },
    ]);
    assert.equal(out.record.origin.label, 'V3');
  });

  it('a modal answer is recorded as MODAL and not polled until the modal is submitted', async () => {
    const customId = 'MJ::CustomZoom::abc';
    await store.add({
      task: grid('1', [{ customId, label: 'Custom Zoom', emoji: '🔍', style: 2 }]),
      origin: { kind: 'imagine' },
      createdAt: 1,
      updatedAt: 1,
    });
    api.next = { code: 21, needsModal: true, finalPrompt: 'a fox --zoom 2' };
    const out = await service.pressButton('1', customId);
    assert.equal(out.needsModal, true);
    assert.equal(store.get(out.record.task.id)?.task.status, 'MODAL');
    assert.deepEqual(tracked, []);
    api.next = { taskId: out.record.task.id };
    await service.submitModal(out.record.task.id, 'a fox --zoom 1.5');
    assert.deepEqual(api.calls.at(-1), {
      endpoint: 'modal',
      body: { taskId: out.record.task.id, prompt: 'a fox --zoom 1.5', maskBase64: undefined },
    });
    assert.deepEqual(tracked, [out.record.task.id]);
    assert.equal(store.get(out.record.task.id)?.task.status, 'SUBMITTED');
  });

  it('retry of a failed action presses the same button of the same parent once', async () => {
    const customId = 'MJ::JOB::variation::2::abc';
    await store.add({
      task: grid('1', [{ customId, label: 'V2', emoji: '', style: 2 }]),
      origin: { kind: 'imagine' },
      createdAt: 1,
      updatedAt: 1,
    });
    const first = await service.pressButton('1', customId);
    await store.applyServerTask({ ...first.record.task, status: 'FAILURE', failReason: 'boom' });
    await service.retry(first.record.task.id);
    assert.equal(api.calls.length, 2);
    assert.deepEqual(api.calls[1], { endpoint: 'action', body: { taskId: '1', customId } });
  });
});
