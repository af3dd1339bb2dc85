import * as assert from 'node:assert/strict';
import { KEY, ORIGIN, rig, taskJson } from './clientMock';
import { rejects } from './testUtils';

describe('MjClient submits: return codes', () => {
  it('code 1: accepted; the request carries the prompt, JSON, and the bare key in Authorization', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', {
      status: 200,
      data: { code: 1, description: 'Submit success', result: 'T1' },
    });
    const res = await r.client.imagine({ prompt: 'a cat --ar 16:9', state: 's' });
    assert.equal(res.taskId, 'T1');
    assert.equal(res.needsModal, false);
    const [req] = r.seen;
    assert.equal(req?.method, 'POST');
    assert.deepEqual(req?.body, { prompt: 'a cat --ar 16:9', state: 's' });
    assert.equal(req?.headers['authorization'], KEY);
    assert.equal(req?.headers['mj-api-secret'], undefined);
    assert.equal(req?.headers['content-type'], 'application/json');
  });

  it('code 22: queued with its position', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', {
      status: 200,
      data: {
        code: 22,
        description: '排队中，前面还有3个任务',
        result: 'T2',
        properties: { numberOfQueues: 3 },
      },
    });
    const res = await r.client.imagine({ prompt: 'x' });
    assert.equal(res.code, 22);
    assert.equal(res.queuePosition, 3);
  });

  it('code 21 MODAL on action (TA/PLUS): needsModal, no extra fetch needed', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/action', {
      status: 200,
      data: {
        code: 21,
        description: 'Waiting for window confirm',
        result: 'M1',
        properties: { finalPrompt: 'a cat', remix: true },
      },
    });
    const res = await r.client.action({ taskId: 'T1', customId: 'MJ::CustomZoom::abc' });
    assert.equal(res.needsModal, true);
    assert.equal(res.taskId, 'M1');
    assert.equal(res.finalPrompt, 'a cat');
    assert.equal(r.seen.length, 1);
    assert.deepEqual(r.seen[0]?.body, { taskId: 'T1', customId: 'MJ::CustomZoom::abc' });
  });

  it('code 21 from NZ change (already exists): business error with the existing id', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/change', {
      status: 200,
      data: { code: 21, description: '任务已存在', result: 'OLD', properties: { status: 'SUCCESS' } },
    });
    const e = await rejects(r.client.change({ taskId: 'T1', action: 'UPSCALE', index: 2 }));
    assert.equal(e.kind, 'business');
    assert.equal(e.code, 21);
    assert.equal(e.taskId, 'OLD');
    assert.equal(e.mayHaveReachedServer, false);
  });

  it('code 24: banned word shown', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', {
      status: 200,
      data: { code: 24, description: '可能包含敏感词', properties: { promptEn: 'x', bannedWord: 'gore' } },
    });
    const e = await rejects(r.client.imagine({ prompt: 'gore' }));
    assert.equal(e.code, 24);
    assert.equal(e.bannedWord, 'gore');
    assert.equal(
      e.message,
      'The prompt was refused for the banned word "gore"; nothing was charged. Rephrase it and submit again.',
    );
    assert.equal(e.serverDescription, '可能包含敏感词');
  });

  for (const code of [23, 9]) {
    it(`code ${code}: queue full, retry later, not re-sent`, async () => {
      const r = rig();
      r.on('POST', '/mj/submit/imagine', {
        status: 200,
        data: { code, description: '队列已满，请稍后尝试' },
      });
      const e = await rejects(r.client.imagine({ prompt: 'x' }));
      assert.equal(e.kind, 'business');
      assert.equal(e.code, code);
      assert.equal(e.remedy, 'retry');
      assert.match(e.message, /queue is full/);
      assert.equal(r.count('/mj/submit/imagine'), 1);
    });
  }

  it('code 3 (HTTP 200): parent task gone', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/action', {
      status: 200,
      data: { code: 3, description: '关联任务不存在或已失效' },
    });
    const e = await rejects(r.client.action({ taskId: 'gone', customId: 'MJ::JOB::upsample::1::h' }));
    assert.equal(e.code, 3);
    assert.equal(e.message, 'The task this action came from no longer exists on the server.');
  });

  it("code 3 with TA's HTTP 404 on /submit/modal: business 3, not 'unsupported'", async () => {
    const r = rig();
    r.on('POST', '/mj/submit/modal', {
      status: 404,
      data: { code: 3, description: '关联任务不存在或已失效' },
    });
    const e = await rejects(r.client.modal({ taskId: 'gone', prompt: 'x --zoom 2' }));
    assert.equal(e.kind, 'business');
    assert.equal(e.code, 3);
    assert.equal(e.httpStatus, 404);
  });

  it('code 4: validation error with the server text', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', { status: 200, data: { code: 4, description: 'base64格式错误' } });
    const e = await rejects(r.client.imagine({ prompt: 'x', base64Array: ['nope'] }));
    assert.equal(e.code, 4);
    assert.equal(e.message, 'The server refused the request: base64格式错误');
  });
});

describe('MjClient submits: relay code 1 hiding a modal', () => {
  it('action: code 1, then one fetch shows MODAL → needsModal with its finalPrompt', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/action', {
      status: 200,
      data: { code: 1, description: 'Submit success', result: 55 },
    });
    r.on('GET', '/mj/task/55/fetch', {
      status: 200,
      data: taskJson({ id: 55, status: 'MODAL', progress: null, properties: { finalPrompt: 'a cat' } }),
    });
    const res = await r.client.action({ taskId: 'T1', customId: 'MJ::JOB::variation::1::h' });
    assert.equal(res.taskId, '55');
    assert.equal(res.needsModal, true);
    assert.equal(res.finalPrompt, 'a cat');
    assert.equal(r.count('/mj/task/55/fetch'), 1);
  });

  it('change: code 1 and the task is SUBMITTED → no modal', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/change', { status: 200, data: { code: 1, result: 'N1' } });
    r.on('GET', '/mj/task/N1/fetch', { status: 200, data: taskJson({ id: 'N1', status: 'SUBMITTED' }) });
    const res = await r.client.change({ taskId: 'T1', action: 'VARIATION', index: 3 });
    assert.equal(res.needsModal, false);
    assert.deepEqual(r.seen[0]?.body, { taskId: 'T1', action: 'VARIATION', index: 3 });
  });

  it('a failing follow-up fetch never turns an accepted action into an error (and never re-sends it)', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/action', { status: 200, data: { code: 1, result: 'N2' } });
    r.on('GET', '/mj/task/N2/fetch', { status: 503, data: '<html>busy</html>' });
    const res = await r.client.action({ taskId: 'T1', customId: 'MJ::JOB::upsample::2::h' });
    assert.equal(res.taskId, 'N2');
    assert.equal(res.needsModal, false);
    assert.equal(r.count('/mj/submit/action'), 1);
  });

  it('imagine does not look (no fetch after code 1)', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', { status: 200, data: { code: 1, result: 'I1' } });
    await r.client.imagine({ prompt: 'x' });
    assert.equal(r.seen.length, 1);
  });

  it('REROLL via change sends index 1 (relays reject 0)', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/change', { status: 200, data: { code: 22, result: 'R1' } });
    await r.client.change({ taskId: 'T1', action: 'REROLL' });
    assert.deepEqual(r.seen[0]?.body, { taskId: 'T1', action: 'REROLL', index: 1 });
  });
});

describe('MjClient submits: request shape', () => {
  it('mj-api-secret header style (NZ) and a path prefix; trailing slash of the base URL tolerated', async () => {
    const r = rig({ baseUrl: `${ORIGIN}/`, authHeader: 'mj-api-secret', pathPrefix: '/mj-relax' });
    r.on('POST', '/mj-relax/mj/submit/imagine', { status: 200, data: { code: 1, result: 'P1' } });
    await r.client.imagine({ prompt: 'x' });
    const [req] = r.seen;
    assert.equal(req?.path, '/mj-relax/mj/submit/imagine');
    assert.equal(req?.headers['mj-api-secret'], KEY);
    assert.equal(req?.headers['authorization'], undefined);
  });

  it('a base URL with a folder keeps it; the key function is asked per request', async () => {
    let asked = 0;
    const r = rig({
      baseUrl: `${ORIGIN}/relay/`,
      apiKey: async () => {
        asked++;
        return `k${asked}`;
      },
    });
    r.on('GET', '/relay/mj/task/a/fetch', { status: 200, data: taskJson({ id: 'a' }) });
    await r.client.fetchTask('a');
    await r.client.fetchTask('a');
    assert.deepEqual(
      r.seen.map((s) => s.headers['authorization']),
      ['k1', 'k2'],
    );
  });

  it('no key: no auth header at all (a self-hosted proxy without a secret)', async () => {
    const r = rig({ apiKey: async () => undefined });
    r.on('GET', '/mj/task/a/fetch', { status: 200, data: taskJson({ id: 'a' }) });
    await r.client.fetchTask('a');
    assert.equal(r.seen[0]?.headers['authorization'], undefined);
  });

  it('blend checks 2-5 images before sending; modal, describe and shorten post their fields', async () => {
    const r = rig();
    for (const p of ['/mj/submit/blend', '/mj/submit/modal', '/mj/submit/describe', '/mj/submit/shorten']) {
      r.on('POST', p, { status: 200, data: { code: 1, result: 'B' } });
    }
    const e = await rejects(r.client.blend({ base64Array: ['data:image/png;base64,AA'] }));
    assert.match(e.message, /2 to 5 images/);
    await rejects(r.client.blend({ base64Array: Array(6).fill('d') }));
    assert.equal(r.seen.length, 0);
    await r.client.blend({ base64Array: ['a', 'b'], dimensions: 'LANDSCAPE' });
    await r.client.modal({ taskId: 'M', prompt: 'p --zoom 1.5', maskBase64: 'data:image/png;base64,AA' });
    await r.client.describe({ link: 'https://x/y.png' });
    await r.client.shorten({ prompt: 'long prompt', botType: 'NIJI_JOURNEY' });
    assert.deepEqual(
      r.seen.map((s) => s.body),
      [
        { base64Array: ['a', 'b'], dimensions: 'LANDSCAPE' },
        { taskId: 'M', prompt: 'p --zoom 1.5', maskBase64: 'data:image/png;base64,AA' },
        { link: 'https://x/y.png' },
        { prompt: 'long prompt', botType: 'NIJI_JOURNEY' },
      ],
    );
  });

  it('ids are path-encoded, so an id cannot change the path', async () => {
    const r = rig();
    r.on('GET', '/mj/task/..%2F..%2Fadmin/fetch', { status: 204 });
    assert.equal(await r.client.fetchTask('../../admin'), undefined);
    assert.equal(r.seen[0]?.path, '/mj/task/..%2F..%2Fadmin/fetch');
  });

  it('the log has method, path, status, ms and attempt — and never the key', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', { status: 200, data: { code: 1, result: 'L1' } });
    await r.client.imagine({ prompt: 'x' });
    assert.equal(r.logs.length, 1);
    assert.match(r.logs[0] ?? '', /^POST \/mj\/submit\/imagine 200 \d+ms attempt 1\/2$/);
    assert.ok(!r.logs.join('\n').includes(KEY));
  });
});
