import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { MjClient } from '../../src/core/api/client';
import { mayHaveReachedText } from '../../src/core/api/httpErrors';
import { backoffDelay, nextDelay } from '../../src/core/net/retry';
import { KEY, ORIGIN, netError, rig, taskJson } from './clientMock';
import { rejects } from './testUtils';

const OK_TASK = { status: 200, data: taskJson({ id: 'a', status: 'IN_PROGRESS', progress: '10%' }) };

describe('retry arithmetic', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };
  it('full jitter under a capped exponential ceiling', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0.999999)),
      [499, 999, 1999, 3999, 7999, 7999],
    );
    assert.equal(
      backoffDelay(3, policy, () => 0),
      0,
    );
  });
  it('never sooner than Retry-After; gives up when it asks for more than 60 s', () => {
    assert.equal(
      nextDelay(1, policy, () => 0, 10),
      10_000,
    );
    assert.equal(
      nextDelay(1, policy, () => 0, 61),
      undefined,
    );
    assert.equal(
      nextDelay(4, policy, () => 1, 1),
      4000,
    );
  });
});

describe('MjClient read retries', () => {
  it('retries a read after reset, 408, 429 and 5xx, with growing backoff, then succeeds', async () => {
    const r = rig();
    r.on('GET', '/mj/task/a/fetch', { status: 408 }, { status: 500, data: 'x' }, { status: 502 }, OK_TASK);
    const t = await r.client.fetchTask('a');
    assert.equal(t?.progress, 10);
    assert.equal(r.count('/mj/task/a/fetch'), 4);
    assert.deepEqual(r.sleeps, [250, 500, 1000]); // random() = 0.5 of 500·2^n
  });

  it('retries after a network reset and a closed socket', async () => {
    const r = rig();
    r.fail('POST', '/mj/task/list-by-condition', netError('ECONNRESET'), 1);
    r.fail('POST', '/mj/task/list-by-condition', netError('UND_ERR_SOCKET'), 1);
    r.on('POST', '/mj/task/list-by-condition', {
      status: 200,
      data: [taskJson({ id: 'a' }), taskJson({ id: 'b' })],
    });
    const list = await r.client.listByCondition(['a', 'b']);
    assert.deepEqual(
      list.map((t) => t.id),
      ['a', 'b'],
    );
    assert.equal(r.count('/mj/task/list-by-condition'), 3);
  });

  it('429 with Retry-After in seconds: the wait is at least that long', async () => {
    const r = rig();
    r.on('GET', '/mj/task/a/fetch', { status: 429, headers: { 'retry-after': '5' } }, OK_TASK);
    await r.client.fetchTask('a');
    assert.equal(r.sleeps.length, 1);
    assert.ok((r.sleeps[0] ?? 0) >= 5000, `slept ${r.sleeps[0]}`);
  });

  it('429 with Retry-After as an HTTP date', async () => {
    const r = rig();
    const at = new Date(Date.now() + 9000).toUTCString();
    r.on('GET', '/mj/task/a/fetch', { status: 429, headers: { 'retry-after': at } }, OK_TASK);
    await r.client.fetchTask('a');
    assert.ok((r.sleeps[0] ?? 0) >= 7000, `slept ${r.sleeps[0]}`);
  });

  it('429 asking for more than a minute is reported at once rather than waited out', async () => {
    const r = rig();
    r.on('GET', '/mj/task/a/fetch', { status: 429, headers: { 'retry-after': '3600' } });
    const e = await rejects(r.client.fetchTask('a'));
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.retryAfterSeconds, 3600);
    assert.equal(r.sleeps.length, 0);
    assert.equal(r.count('/mj/task/a/fetch'), 1);
  });

  it('gives up after maxAttempts', async () => {
    const r = rig({ retry: { maxAttempts: 2 } });
    r.on('GET', '/mj/task/list', { status: 503 });
    assert.equal((await rejects(r.client.listTasks())).kind, 'server');
    assert.equal(r.count('/mj/task/list'), 2);
  });

  for (const status of [400, 401, 404, 422]) {
    it(`never retries a ${status}`, async () => {
      const r = rig();
      r.on('GET', '/mj/task/list', { status, data: { description: 'nope' } });
      await rejects(r.client.listTasks());
      assert.equal(r.count('/mj/task/list'), 1);
    });
  }
});

describe('MjClient submits are never re-sent once they may have arrived', () => {
  const cases: Array<[string, (r: ReturnType<typeof rig>) => void, string]> = [
    ['a connection reset', (r) => r.fail('POST', '/mj/submit/imagine', netError('ECONNRESET'), 3), 'network'],
    [
      'a closed socket',
      (r) => r.fail('POST', '/mj/submit/imagine', netError('UND_ERR_SOCKET'), 3),
      'network',
    ],
    ['an HTTP 500', (r) => r.on('POST', '/mj/submit/imagine', { status: 500 }), 'server'],
    [
      'a 502 gateway page',
      (r) => r.on('POST', '/mj/submit/imagine', { status: 502, data: '<html>bad</html>' }),
      'server',
    ],
    [
      'a 503',
      (r) => r.on('POST', '/mj/submit/imagine', { status: 503, headers: { 'retry-after': '1' } }),
      'server',
    ],
    [
      'a 200 with an HTML body',
      (r) => r.on('POST', '/mj/submit/imagine', { status: 200, data: '<html></html>' }),
      'server',
    ],
  ];
  for (const [what, script, kind] of cases) {
    it(`${what}: exactly one request, mayHaveReachedServer, says to check the task list`, async () => {
      const r = rig();
      script(r);
      const e = await rejects(r.client.imagine({ prompt: 'x' }));
      assert.equal(e.kind, kind);
      assert.equal(e.mayHaveReachedServer, true);
      assert.ok(e.message.endsWith(mayHaveReachedText()), e.message);
      assert.notEqual(e.remedy, 'retry');
      assert.equal(r.count('/mj/submit/imagine'), 1);
      assert.equal(r.sleeps.length, 0);
    });
  }

  it('a stalled submit times out: one request, mayHaveReachedServer', async () => {
    const agent = new MockAgent({ enableCallHistory: true });
    agent.disableNetConnect();
    agent
      .get(ORIGIN)
      .intercept({ method: 'POST', path: '/mj/submit/imagine' })
      .reply(200, '{}')
      .delay(5000)
      .persist();
    const client = new MjClient({ baseUrl: ORIGIN, apiKey: KEY, dispatcher: agent, timeoutMs: 40 });
    const e = await rejects(client.imagine({ prompt: 'x' }));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.mayHaveReachedServer, true);
    assert.equal(agent.getCallHistory()?.calls().length, 1);
    await agent.close();
  });

  it('a caller abort mid-flight: cancelled, mayHaveReachedServer', async () => {
    const agent = new MockAgent({ enableCallHistory: true });
    agent.disableNetConnect();
    agent.get(ORIGIN).intercept({ method: 'POST', path: '/mj/submit/action' }).reply(200, '{}').delay(5000);
    const client = new MjClient({ baseUrl: ORIGIN, apiKey: KEY, dispatcher: agent });
    const e = await rejects(
      client.action({ taskId: 't', customId: 'c' }, { signal: AbortSignal.timeout(20) }),
    );
    assert.equal(e.kind, 'cancelled');
    assert.equal(e.mayHaveReachedServer, true);
    await agent.close();
  });

  it('a refused connection (nothing sent) is retried once, and the retry can succeed', async () => {
    const r = rig();
    r.fail('POST', '/mj/submit/imagine', netError('ECONNREFUSED', 'connect'), 1);
    r.on('POST', '/mj/submit/imagine', { status: 200, data: { code: 1, result: 'ok' } });
    const res = await r.client.imagine({ prompt: 'x' });
    assert.equal(res.taskId, 'ok');
    assert.equal(r.count('/mj/submit/imagine'), 2);
  });

  it('refused twice: a network error that says it did not reach the server', async () => {
    const r = rig();
    r.fail('POST', '/mj/submit/imagine', netError('ECONNREFUSED', 'connect'), 3);
    const e = await rejects(r.client.imagine({ prompt: 'x' }));
    assert.equal(e.kind, 'network');
    assert.equal(e.mayHaveReachedServer, false);
    assert.equal(e.remedy, 'openSettings');
    assert.equal(r.count('/mj/submit/imagine'), 2);
  });

  it("undici's connect timeout (nothing sent) is retried once too", async () => {
    const r = rig();
    r.fail('POST', '/mj/submit/blend', netError('UND_ERR_CONNECT_TIMEOUT'), 1);
    r.on('POST', '/mj/submit/blend', { status: 200, data: { code: 1, result: 'b' } });
    assert.equal((await r.client.blend({ base64Array: ['a', 'b'] })).taskId, 'b');
    assert.equal(r.count('/mj/submit/blend'), 2);
  });

  it('a DNS failure is not worth a second try', async () => {
    const r = rig();
    r.fail('POST', '/mj/submit/imagine', netError('ENOTFOUND', 'getaddrinfo'), 2);
    const e = await rejects(r.client.imagine({ prompt: 'x' }));
    assert.equal(e.mayHaveReachedServer, false);
    assert.equal(r.count('/mj/submit/imagine'), 1);
  });

  it('an ETIMEDOUT that is not from connect is treated as possibly received', async () => {
    const r = rig();
    r.fail('POST', '/mj/submit/imagine', netError('ETIMEDOUT', 'read'), 2);
    const e = await rejects(r.client.imagine({ prompt: 'x' }));
    assert.equal(e.mayHaveReachedServer, true);
    assert.equal(r.count('/mj/submit/imagine'), 1);
  });
});

describe('MjClient over real sockets', () => {
  it('ECONNREFUSED on a closed port, then a server appears: the submit is retried exactly once', async () => {
    const probe = http.createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((res) => probe.close(() => res()));

    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => {
        bodies.push(b);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ code: 1, description: 'Submit success', result: 'real1' }));
      });
    });
    const logs: string[] = [];
    const client = new MjClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      logger: (l) => logs.push(l),
      // The server comes up during the backoff: only a retry can reach it.
      sleep: () => new Promise<void>((res) => server.listen(port, '127.0.0.1', res)),
    });
    try {
      const r = await client.imagine({ prompt: 'x' });
      assert.equal(r.taskId, 'real1');
      assert.equal(bodies.length, 1);
      assert.match(logs[0] ?? '', /ECONNREFUSED/);
      assert.equal(logs.length, 2);
    } finally {
      await client.close();
      await new Promise<void>((res) => server.close(() => res()));
    }
  });

  it('the server drops the connection after reading the submit: one request, mayHaveReachedServer', async () => {
    let received = 0;
    const server = http.createServer((req) => {
      received++;
      req.on('data', () => undefined);
      req.on('end', () => req.socket.destroy());
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as AddressInfo).port;
    const client = new MjClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      sleep: async () => undefined,
    });
    try {
      const e = await rejects(client.imagine({ prompt: 'x' }));
      assert.equal(e.kind, 'network');
      assert.equal(e.mayHaveReachedServer, true);
      assert.equal(received, 1);
    } finally {
      await client.close();
      await new Promise<void>((res) => server.close(() => res()));
    }
  });
});
