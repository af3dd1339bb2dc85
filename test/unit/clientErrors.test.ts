import * as assert from 'node:assert/strict';
import { MockAgent } from 'undici';
import { MjClient } from '../../src/core/api/client';
import type { MjError } from '../../src/core/model/errors';
import { KEY, ORIGIN, netError, rig, taskJson } from './clientMock';
import { rejects } from './testUtils';

const HTML_502 = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';

describe('MjClient HTTP errors', () => {
  for (const status of [401, 403]) {
    it(`${status} → auth, remedy setApiKey`, async () => {
      const r = rig();
      r.on('POST', '/mj/submit/imagine', {
        status,
        data: { error: { message: '无效的令牌', type: 'new_api_error' } },
      });
      const e = await rejects(r.client.imagine({ prompt: 'x' }));
      assert.equal(e.kind, 'auth');
      assert.equal(e.remedy, 'setApiKey');
      assert.equal(e.message, `The server refused the API key (HTTP ${status}).`);
      assert.equal(e.serverDescription, '无效的令牌');
      assert.equal(e.mayHaveReachedServer, false);
    });
  }

  it('401 with an empty body (NZ) on a read is not retried', async () => {
    const r = rig();
    r.on('GET', '/mj/task/a/fetch', { status: 401 });
    const e = await rejects(r.client.fetchTask('a'));
    assert.equal(e.kind, 'auth');
    assert.equal(r.count('/mj/task/a/fetch'), 1);
  });

  it('429 on a submit → rateLimited with Retry-After, remedy retry, not re-sent', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', {
      status: 429,
      data: { description: '当前分组负载已饱和' },
      headers: { 'retry-after': '7' },
    });
    const e = await rejects(r.client.imagine({ prompt: 'x' }));
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.retryAfterSeconds, 7);
    assert.equal(e.remedy, 'retry');
    assert.equal(e.mayHaveReachedServer, false);
    assert.equal(r.count('/mj/submit/imagine'), 1);
    assert.equal(r.sleeps.length, 0);
  });

  const relayCases: Array<[string, string, RegExp]> = [
    ['quota_not_enough', 'relay', /^Your relay account has run out of quota\. Top it up and try again\.$/],
    [
      'unknown_action:MJ::BOOKMARK::1',
      'relay',
      /^The server does not support this button \(MJ::BOOKMARK::1\)\.$/,
    ],
    ['custom_id_is_required', 'relay', /^The server refused the request: custom_id_is_required$/],
  ];
  for (const [description, kind, re] of relayCases) {
    it(`400 ${description} → ${kind}`, async () => {
      const r = rig();
      r.on('POST', '/mj/submit/action', {
        status: 400,
        data: { description, type: 'upstream_error', code: 4 },
      });
      const e = await rejects(r.client.action({ taskId: 'T', customId: 'MJ::BOOKMARK::1' }));
      assert.equal(e.kind, kind);
      assert.match(e.message, re);
      assert.equal(e.serverDescription, description);
      assert.equal(r.count('/mj/submit/action'), 1);
    });
  }

  it('400 task_not_found on an action → notFound', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/action', { status: 400, data: { description: 'task_not_found', code: 4 } });
    const e = await rejects(r.client.action({ taskId: 'T', customId: 'c' }));
    assert.equal(e.kind, 'notFound');
  });

  for (const status of [404, 405]) {
    it(`${status} on list-by-condition → unsupported (the poller falls back)`, async () => {
      const r = rig();
      r.on('POST', '/mj/task/list-by-condition', { status, data: 'Not Found' });
      const e = await rejects(r.client.listByCondition(['a', 'b']));
      assert.equal(e.kind, 'unsupported');
      assert.equal(e.message, `This server does not offer /task/list-by-condition (HTTP ${status}).`);
      assert.equal(r.count('/mj/task/list-by-condition'), 1);
      assert.deepEqual(r.seen[0]?.body, { ids: ['a', 'b'] });
    });
  }

  it('404 on /submit/change (TA v10) → unsupported', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/change', { status: 404 });
    const e = await rejects(r.client.change({ taskId: 'T', action: 'UPSCALE', index: 1 }));
    assert.equal(e.kind, 'unsupported');
    assert.match(e.message, /\/submit\/change/);
  });

  it('500 JSON on a read → server error with the status, retried, then thrown', async () => {
    const r = rig();
    r.on('GET', '/mj/task/list', { status: 500, data: { description: 'boom' } });
    const e = await rejects(r.client.listTasks());
    assert.equal(e.kind, 'server');
    assert.equal(e.remedy, 'retry');
    assert.equal(e.message, 'The server had a problem (HTTP 500): boom');
    assert.equal(r.count('/mj/task/list'), 4);
  });

  it('502 HTML page → "a web page instead of data", not a JSON crash', async () => {
    const r = rig({ retry: { maxAttempts: 1 } });
    r.on('GET', '/mj/task/a/fetch', {
      status: 502,
      data: HTML_502,
      headers: { 'content-type': 'text/html' },
    });
    const e = await rejects(r.client.fetchTask('a'));
    assert.equal(e.kind, 'server');
    assert.equal(
      e.message,
      'The server answered with a web page instead of data (HTTP 502) — it may be down or behind a proxy.',
    );
  });

  it('503 on a read honours its Retry-After too', async () => {
    const r = rig();
    r.on(
      'GET',
      '/mj/task/a/fetch',
      { status: 503, data: 'busy', headers: { 'retry-after': '3' } },
      { status: 200, data: taskJson({ id: 'a' }) },
    );
    const t = await r.client.fetchTask('a');
    assert.equal(t?.id, 'a');
    assert.ok((r.sleeps[0] ?? 0) >= 3000);
  });

  it('malformed JSON in a 200 → server error, not a crash', async () => {
    const r = rig();
    r.on('GET', '/mj/task/a/fetch', { status: 200, data: '{"id": "a", "status": ' });
    const e = await rejects(r.client.fetchTask('a'));
    assert.equal(e.kind, 'server');
    assert.match(e.message, /unexpected answer/);
  });

  it('an HTML 200 (base URL points at a website) → web page message, openSettings', async () => {
    const r = rig();
    r.on('POST', '/mj/task/list-by-condition', { status: 200, data: '<html><body>Welcome</body></html>' });
    const e = await rejects(r.client.listByCondition(['a']));
    assert.equal(e.kind, 'server');
    assert.equal(e.remedy, 'openSettings');
    assert.match(e.message, /web page instead of data \(HTTP 200\)/);
  });

  it('fetch of an unknown task → undefined: NZ 200 empty, TA 204, relay 400 task_no_found, TA 404 code 3', async () => {
    const r = rig();
    r.on('GET', '/mj/task/nz/fetch', { status: 200, data: '' });
    r.on('GET', '/mj/task/ta/fetch', { status: 204 });
    r.on('GET', '/mj/task/na/fetch', {
      status: 400,
      data: { description: 'task_no_found ', type: 'upstream_error', code: 4 },
    });
    r.on('GET', '/mj/task/ta404/fetch', { status: 404, data: { code: 3, description: '任务不存在' } });
    r.on('GET', '/mj/task/null/fetch', { status: 200, data: 'null' });
    for (const id of ['nz', 'ta', 'na', 'ta404', 'null']) {
      assert.equal(await r.client.fetchTask(id), undefined, id);
    }
    assert.equal(r.seen.length, 5, 'none of these is retried');
  });

  it('fetch fills a missing id from the request', async () => {
    const r = rig();
    r.on('GET', '/mj/task/abc/fetch', { status: 200, data: { status: 'IN_PROGRESS', progress: '40%' } });
    const t = await r.client.fetchTask('abc');
    assert.equal(t?.id, 'abc');
    assert.equal(t?.progress, 40);
  });

  it('imageSeed and cancel', async () => {
    const r = rig();
    r.on('GET', '/mj/task/s1/image-seed', { status: 200, data: { code: 1, result: 1234567 } });
    r.on('POST', '/mj/task/s1/cancel', { status: 200 });
    r.on('GET', '/mj/task/s2/image-seed', { status: 404, data: { code: 3, description: '任务不存在' } });
    assert.equal(await r.client.imageSeed('s1'), '1234567');
    await r.client.cancel('s1');
    assert.equal((await rejects(r.client.imageSeed('s2'))).kind, 'notFound');
  });
});

describe('MjClient transport failures', () => {
  it('network reset on a read → network error, remedy retry (after the retries)', async () => {
    const r = rig();
    r.fail('GET', '/mj/task/a/fetch', netError('ECONNRESET'), 4);
    const e = await rejects(r.client.fetchTask('a'));
    assert.equal(e.kind, 'network');
    assert.equal(e.remedy, 'retry');
    assert.equal(r.count('/mj/task/a/fetch'), 4);
  });

  it('DNS failure → network, openSettings, with the origin and the setting named', async () => {
    const r = rig({ retry: { maxAttempts: 1 } });
    r.fail('GET', '/mj/task/a/fetch', netError('ENOTFOUND', 'getaddrinfo'));
    const e = await rejects(r.client.fetchTask('a'));
    assert.equal(e.kind, 'network');
    assert.equal(e.remedy, 'openSettings');
    assert.equal(
      e.userMessage,
      `Could not reach ${ORIGIN} (ENOTFOUND). Check midjourney.baseUrl and your connection.`,
    );
  });

  it('a stalled reply → timeout after timeoutMs', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get(ORIGIN).intercept({ method: 'GET', path: '/mj/task/a/fetch' }).reply(200, '{}').delay(5000);
    const client = new MjClient({
      baseUrl: ORIGIN,
      apiKey: KEY,
      dispatcher: agent,
      timeoutMs: 50,
      retry: { maxAttempts: 1 },
    });
    const started = Date.now();
    const e = await rejects(client.fetchTask('a'));
    assert.equal(e.kind, 'timeout');
    assert.ok(Date.now() - started < 1000, 'settles at the deadline, not when the peer finally answers');
    await agent.close();
  });

  it('caller abort → cancelled (distinct from timeout), also while waiting between retries', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get(ORIGIN).intercept({ method: 'GET', path: '/mj/task/a/fetch' }).reply(200, '{}').delay(5000);
    const client = new MjClient({ baseUrl: ORIGIN, apiKey: KEY, dispatcher: agent });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const e = await rejects(client.fetchTask('a', { signal: ac.signal }));
    assert.equal(e.kind, 'cancelled');

    const r = rig({
      sleep: (_ms, signal) => new Promise((_, reject) => signal?.addEventListener('abort', reject)),
    });
    r.on('GET', '/mj/task/b/fetch', { status: 503 });
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 20);
    assert.equal((await rejects(r.client.fetchTask('b', { signal: ac2.signal }))).kind, 'cancelled');
    assert.equal(r.count('/mj/task/b/fetch'), 1);
    await agent.close();
  });

  it('an already-aborted signal sends nothing', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', { status: 200, data: { code: 1, result: 'x' } });
    const e = await rejects(r.client.imagine({ prompt: 'x' }, { signal: AbortSignal.abort() }));
    assert.equal(e.kind, 'cancelled');
    assert.equal(e.mayHaveReachedServer, false);
    assert.equal(r.seen.length, 0);
  });
});

describe('MjClient key safety', () => {
  it('a redirect is not followed, and the key never goes to the other origin', async () => {
    const r = rig();
    r.on('POST', '/mj/submit/imagine', {
      status: 302,
      headers: { location: 'https://evil.example/mj/submit/imagine?x=1' },
    });
    const evil = r.agent.get('https://evil.example');
    evil
      .intercept({ method: 'POST', path: () => true })
      .reply(200, '{"code":1,"result":"stolen"}')
      .persist();
    const e = await rejects(r.client.imagine({ prompt: 'x' }));
    assert.equal(e.kind, 'config');
    assert.match(e.message, /redirected to another address/);
    assert.match(e.hint, /https:\/\/evil\.example/);
    assert.deepEqual(
      r.seen.map((s) => s.origin),
      [ORIGIN],
    );
  });

  it('a same-origin http→https style 301 on a read is not retried or followed either', async () => {
    const r = rig();
    r.on('GET', '/mj/task/a/fetch', { status: 301, headers: { location: '/other/mj/task/a/fetch' } });
    const e = await rejects(r.client.fetchTask('a'));
    assert.equal(e.kind, 'config');
    assert.equal(r.seen.length, 1);
  });

  it('refuses to send the key over plain http to a non-loopback host (nothing is sent)', async () => {
    const r = rig({}, 'http://api.example.test');
    r.on('POST', '/mj/submit/imagine', { status: 200, data: { code: 1, result: 'x' } });
    const e = await rejects(r.client.imagine({ prompt: 'x' }));
    assert.equal(e.kind, 'config');
    assert.equal(e.remedy, 'openSettings');
    assert.equal(r.seen.length, 0);
  });

  for (const origin of [
    'http://127.0.0.1:8787',
    'http://localhost:8080',
    'http://[::1]:8080',
    'http://127.3.4.5',
  ]) {
    it(`allows plain http to loopback ${origin}`, async () => {
      const r = rig({}, origin);
      r.on('GET', '/mj/task/a/fetch', { status: 200, data: taskJson({ id: 'a' }) });
      await r.client.fetchTask('a');
      assert.equal(r.seen[0]?.headers['authorization'], KEY);
    });
  }

  it('rejects a bad base URL and a bad prefix at construction', () => {
    assert.throws(
      () => new MjClient({ baseUrl: 'ftp://x', apiKey: KEY }),
      (e: MjError) => e.kind === 'config',
    );
    assert.throws(
      () => new MjClient({ baseUrl: 'not a url', apiKey: KEY }),
      (e: MjError) => e.kind === 'config',
    );
    assert.throws(
      () => new MjClient({ baseUrl: 'https://u:p@x.test', apiKey: KEY }),
      (e: MjError) => e.kind === 'config',
    );
    assert.throws(
      () => new MjClient({ baseUrl: ORIGIN, apiKey: KEY, pathPrefix: '//evil.example' }),
      (e: MjError) => e.kind === 'config',
    );
  });
});
