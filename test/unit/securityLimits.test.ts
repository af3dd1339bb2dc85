/** Issue 16: no limit-less storage of what a server says. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MjClient } from '../../src/core/api/client';
import { DTO_LIMITS, parseTask } from '../../src/core/api/dto';
import { MAX_CLIPS, videoUrlsOf } from '../../src/core/media/video';
import { MAX_ANSWER_BYTES } from '../../src/core/net/http';
import { rejects } from './testUtils';

describe('security: limits on server answers', () => {
  it('caps a JSON answer at 8 MB and stops reading it', async () => {
    let written = 0;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      res.write('{"id":"1","status":"SUCCESS","prompt":"');
      const push = (): void => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end('"}');
      };
      res.on('error', () => undefined);
      push();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new MjClient({ baseUrl: url, apiKey: '', retry: { maxAttempts: 1 } });
    const err = await rejects(client.fetchTask('1'));
    assert.match(err.message, /larger than 8 MB/);
    assert.equal(MAX_ANSWER_BYTES, 8 * 1024 * 1024);
    assert.ok(written < 32 * 1024 * 1024, `stopped early (${written} bytes written)`);
    await client.close?.();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('caps buttons (count, length) and links (length, count); a video task downloads at most 8 clips', () => {
    const long = `https://cdn.example/${'a'.repeat(DTO_LIMITS.url)}`;
    const t = parseTask({
      id: '1',
      status: 'SUCCESS',
      buttons: [
        { customId: 'x'.repeat(10_000), label: 'huge' },
        ...Array.from({ length: 1000 }, (_, i) => ({
          customId: `MJ::JOB::upsample::${i}`,
          label: 'L'.repeat(5000),
        })),
      ],
      imageUrl: long,
      videoUrl: long,
      imageUrls: Array.from({ length: 10_000 }, (_, i) => `https://cdn.example/${i}.png`),
      videoUrls: [long, ...Array.from({ length: 40 }, (_, i) => ({ url: `https://cdn.example/${i}.mp4` }))],
    });
    assert.equal(t.buttons.length, DTO_LIMITS.buttons);
    assert.equal(t.buttons[0]?.customId, 'MJ::JOB::upsample::0', 'an over-long customId is dropped');
    assert.ok(t.buttons.every((b) => b.label.length <= DTO_LIMITS.label));
    assert.equal(t.imageUrl, undefined);
    assert.equal(t.videoUrl, undefined);
    assert.equal(t.imageUrls?.length, DTO_LIMITS.urls);
    assert.ok((t.videoUrls ?? []).every((u) => u.length <= DTO_LIMITS.url));
    assert.equal(videoUrlsOf(t).length, MAX_CLIPS);
    assert.equal(MAX_CLIPS, 8);
    console.log(
      `      1001 buttons → ${t.buttons.length}, 10000 image links → ${t.imageUrls?.length}, 41 clips → ${videoUrlsOf(t).length}`,
    );
  });
});
