// "Use as Style Reference" keeps a link that lasts: a task's expiring link (Discord's CDN signs it with `ex`) is
// replaced by an uploaded copy where the server takes one, and kept with a warning where it does not.
import * as assert from 'node:assert/strict';
import { startSimulator, type Dialect, type Simulator } from '../../sim/server';
import { MjClient } from '../../src/core/api/client';
import { ServerRoutes } from '../../src/core/api/serverRoutes';
import { linkExpires } from '../../src/core/prompts/styleRefs';
import { styleRefLink } from '../../src/core/tasks/styleRefLink';
import { MemoryKv } from './storeFixtures';
import { imagine, waitFor } from './simHelpers';

describe('style references keep a lasting link', function () {
  this.timeout(15_000);

  describe('linkExpires', () => {
    it('reads Discord CDN links and signed storage links as expiring', () => {
      for (const url of [
        'https://cdn.discordapp.com/attachments/1/2/grid.png?ex=69a1b2c3&is=69a06143&hm=ab12&',
        'https://media.discordapp.net/attachments/1/2/a.webp',
        'https://bucket.s3.amazonaws.com/a.png?X-Amz-Expires=3600&X-Amz-Signature=ff',
        'https://oss.example.cn/a.png?Expires=1767225600&OSSAccessKeyId=k&Signature=s',
        'http://127.0.0.1:8080/sim-images/1/grid.png?ex=69a1b2c3&is=69a06143&hm=00&',
      ])
        assert.equal(linkExpires(url), true, url);
    });
    it('takes links that say nothing as lasting', () => {
      for (const url of [
        'https://cdn.midjourney.com/0e3c/0_1.png',
        'https://relay.example.com/mj/image/1712345678',
        'https://example.com/exhibit.png?size=large',
        'not a url',
      ])
        assert.equal(linkExpires(url), false, url);
    });
  });

  describe('against the simulator', () => {
    let sim: Simulator;
    const open = (dialect: Dialect, imageTtlMs: number) => {
      sim.reset();
      sim.setDialect(dialect);
      sim.configure({ imageTtlMs });
      return new MjClient({
        baseUrl: sim.url,
        apiKey: sim.key,
        authHeader: dialect === 'novicezk' ? 'mj-api-secret' : 'Authorization',
        retry: { maxAttempts: 1 },
      });
    };
    /** A finished grid: its link and the picture's bytes, as the image cache would have kept them. */
    async function finished(): Promise<{ url: string; bytes: Uint8Array }> {
      const id = await imagine(sim, 'a lighthouse in fog');
      const t = await waitFor(sim, id);
      assert.equal(t.status, 'SUCCESS');
      const url = String(t.imageUrl);
      const res = await fetch(url);
      assert.equal(res.status, 200);
      return { url, bytes: new Uint8Array(await res.arrayBuffer()) };
    }
    const uploads = () => sim.requests.filter((r) => r.path.endsWith('/submit/upload-discord-images'));

    before(async () => {
      sim = await startSimulator({ speed: 150, queueMs: 10, relayLagMs: 0 });
    });
    after(() => sim.close());

    it('uploads the local copy of a picture whose link expires, and keeps the uploaded link', async () => {
      const client = open('trueai', 3_600_000);
      const pic = await finished();
      assert.equal(linkExpires(pic.url), true, `the simulator signs expiring links: ${pic.url}`);
      const link = await styleRefLink({
        url: pic.url,
        readLocal: async () => ({ name: 'grid.png', bytes: pic.bytes }),
        client,
        routes: new ServerRoutes(new MemoryKv()),
        profileId: 'p1',
      });
      assert.equal(link.uploaded, true);
      assert.equal(link.warning, undefined);
      assert.match(link.url, /\/sim-uploads\/0$/);
      assert.equal(uploads().length, 1);
      // What the server holds is the local picture itself.
      const kept = new Uint8Array(await (await fetch(link.url)).arrayBuffer());
      assert.deepEqual(Buffer.from(kept), Buffer.from(pic.bytes));
    });

    it('keeps a lasting link as it is and sends nothing', async () => {
      const client = open('trueai', Infinity);
      const pic = await finished();
      assert.equal(linkExpires(pic.url), false, pic.url);
      let read = 0;
      const link = await styleRefLink({
        url: pic.url,
        readLocal: async () => {
          read++;
          return { name: 'grid.png', bytes: pic.bytes };
        },
        client,
        routes: new ServerRoutes(new MemoryKv()),
        profileId: 'p1',
      });
      assert.deepEqual(link, { url: pic.url, uploaded: false });
      assert.equal(read, 0, 'the local file is not even read');
      assert.equal(uploads().length, 0);
    });

    it('on a server without uploads keeps the expiring link with a warning, and asks that server only once', async () => {
      const client = open('novicezk', 3_600_000);
      const pic = await finished();
      const routes = new ServerRoutes(new MemoryKv());
      const args = {
        url: pic.url,
        readLocal: async () => ({ name: 'grid.png', bytes: pic.bytes }),
        client,
        routes,
        profileId: 'nz',
      };
      const first = await styleRefLink(args);
      assert.equal(first.url, pic.url);
      assert.equal(first.uploaded, false);
      assert.match(first.warning ?? '', /expire/i);
      const second = await styleRefLink(args);
      assert.match(second.warning ?? '', /cannot keep a copy/);
      assert.equal(uploads().length, 1, 'the 404 is remembered');
    });

    it('a failed upload still keeps the link (nothing lost) and says why', async () => {
      const client = open('trueai', 3_600_000);
      const pic = await finished();
      sim.addFault({ path: '/mj/submit/upload-discord-images', fault: { kind: 'status', status: 503 } });
      const link = await styleRefLink({
        url: pic.url,
        readLocal: async () => ({ name: 'grid.png', bytes: pic.bytes }),
        client,
        routes: new ServerRoutes(new MemoryKv()),
        profileId: 'p1',
      });
      assert.equal(link.url, pic.url);
      assert.equal(link.uploaded, false);
      assert.ok(link.warning && link.warning.length > 20, link.warning);
    });

    it('where the host says uploads cannot happen (no key), keeps the expiring link, says why and sends nothing', async () => {
      const client = open('trueai', 3_600_000);
      const pic = await finished();
      const link = await styleRefLink({
        url: pic.url,
        readLocal: async () => ({ name: 'grid.png', bytes: pic.bytes }),
        client,
        routes: new ServerRoutes(new MemoryKv()),
        profileId: 'p1',
        uploadBlocked: 'no API key is set.',
      });
      assert.equal(link.url, pic.url);
      assert.equal(link.uploaded, false);
      assert.match(link.warning ?? '', /no API key/);
      assert.equal(uploads().length, 0);
    });

    it('without any link and without a local copy it says there is nothing to keep', async () => {
      const client = open('trueai', Infinity);
      await assert.rejects(
        styleRefLink({
          url: undefined,
          readLocal: async () => undefined,
          client,
          routes: new ServerRoutes(new MemoryKv()),
          profileId: 'p1',
        }),
        /no link --sref could use/,
      );
    });
  });
});
