import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../../sim/server';
import { MjClient } from '../../src/core/api/client';
import { request } from '../../src/core/net/undici';
import { chooseProxy, createDispatcher, describeProxy } from '../../src/core/net/proxy';

/** The proxy's own name resolution: `sim.test` (not loopback to the client) is the local simulator. */
const resolve = (host: string): string => (host === 'sim.test' ? '127.0.0.1' : host);
/** The simulator's URL under a name that is not loopback, so a client must take the proxy to reach it. */
const viaName = (url: string): string => url.replace('127.0.0.1', 'sim.test');

/** A small forward proxy: CONNECT tunnels and absolute-form requests, each one recorded. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const up = http.request(
      {
        host: resolve(target.hostname),
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connect', (req, client: net.Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const up = net.connect(Number(port), resolve(host ?? ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    for (const s of [up, client]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('proxy', () => {
  it('prefers VS Code settings over the environment and merges the bypass lists', () => {
    const c = chooseProxy({
      proxy: 'http://corp:3128',
      noProxy: ['internal.example'],
      env: { HTTPS_PROXY: 'http://env:8080', NO_PROXY: 'localhost' },
    });
    assert.deepEqual(c, {
      proxy: 'http://corp:3128',
      noProxy: 'internal.example,localhost',
      strictSSL: true,
      source: 'settings',
    });
    assert.equal(chooseProxy({ env: { https_proxy: 'http://env:8080' } }).source, 'environment');
    assert.equal(chooseProxy({ env: {} }).proxy, undefined);
    assert.equal(
      describeProxy(chooseProxy({ proxy: 'http://user:secret@corp:3128' })),
      'through http://corp:3128/ (from settings)',
    );
  });

  describe('against a real forward proxy', () => {
    let sim: Simulator;
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    before(async () => {
      sim = await startSimulator({ speed: 'fast' });
      proxy = await startProxy();
    });
    after(async () => {
      await proxy.close();
      await sim.close();
    });

    it('sends the requests through the proxy when http.proxy is set', async () => {
      const dispatcher = createDispatcher(chooseProxy({ proxy: proxy.url, env: {} }));
      const res = await request(`${viaName(sim.url)}/mj/task/list-by-condition`, { dispatcher });
      await res.body.dump();
      const port = new URL(sim.url).port;
      assert.ok(
        proxy.seen.some((l) => l.includes(`sim.test:${port}`)),
        `the proxy saw: ${proxy.seen.join(' | ')}`,
      );
      await dispatcher.close();
    });

    it('honours HTTPS_PROXY from the environment, and NO_PROXY bypasses it', async () => {
      const before = proxy.seen.length;
      const viaEnv = createDispatcher(chooseProxy({ env: { HTTP_PROXY: proxy.url } }));
      const named = `${viaName(sim.url)}/mj/task/list-by-condition`;
      await (await request(named, { dispatcher: viaEnv })).body.dump();
      assert.equal(proxy.seen.length, before + 1);
      const bypass = createDispatcher(chooseProxy({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'sim.test' } }));
      // sim.test has no address outside the proxy: only that the proxy never saw it matters.
      await request(named, { dispatcher: bypass, signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      assert.equal(proxy.seen.length, before + 1, 'NO_PROXY must bypass the proxy');
      await viaEnv.close();
      await bypass.close();
    });

    it('still reaches a loopback simulator with a proxy set (the client works directly)', async () => {
      const dispatcher = createDispatcher(chooseProxy({ proxy: proxy.url, env: {} }));
      const client = new MjClient({ baseUrl: sim.url, apiKey: sim.key, dispatcher });
      const out = await client.imagine({ prompt: 'past the proxy' });
      assert.ok(await client.fetchTask(out.taskId));
      assert.equal(sim.submitCount(), 1);
      await dispatcher.close();
    });

    it('never proxies a loopback server: the key to http://127.0.0.1 stays off the proxy', async function () {
      this.timeout(60_000);
      const before = proxy.seen.length;
      let fuzz = 0;
      const port = new URL(sim.url).port;
      for (const host of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST', 'app.localhost']) {
        for (const via of [
          { proxy: proxy.url, env: {} },
          { env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } },
        ]) {
          const d = createDispatcher(chooseProxy(via));
          // [::1] or app.localhost may not answer here; what matters is what the proxy saw.
          await request(`http://${host}:${port}/mj/task/list-by-condition`, {
            dispatcher: d,
            signal: AbortSignal.timeout(2000),
          })
            .then((r) => r.body.dump())
            .catch(() => undefined);
          await d.destroy();
          fuzz++;
        }
      }
      assert.deepEqual(proxy.seen.slice(before), [], 'no loopback request reached the proxy');
      console.log(`      ${fuzz} loopback requests (5 hosts x 2 proxy sources), none proxied`);
    });
  });
});
