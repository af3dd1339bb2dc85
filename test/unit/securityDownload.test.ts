/** Issue 16: downloads follow no redirect into a private network and keep only real images. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPrivateHost } from '../../src/core/media/download';
import { downloadImage } from '../../src/core/media/images';
import { rejects } from './testUtils';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(24).fill(0)]);

describe('security: downloads', () => {
  let server: http.Server;
  let base = '';
  const hits: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
      if (to) {
        res.writeHead(302, { location: to });
        res.end();
      } else if (req.url?.startsWith('/html')) {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('<html><script>alert(1)</script></html>');
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(PNG);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('classifies private, loopback and link-local hosts', () => {
    const priv = [
      'localhost',
      'a.localhost',
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '[::1]',
      '::1',
      'fe80::1',
      'fd00::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      'LOCALHOST.',
    ];
    const pub = [
      'example.com',
      '8.8.8.8',
      '172.32.0.1',
      '192.169.0.1',
      '100.128.0.1',
      '2606:4700::1',
      'cdn.midjourney.com',
      '169.255.0.1',
    ];
    for (const h of priv) assert.equal(isPrivateHost(h), true, h);
    for (const h of pub) assert.equal(isPrivateHost(h), false, h);
    console.log(`      ${priv.length + pub.length} hosts classified`);
  });

  it('refuses a redirect to a private address when the server is public; follows it when the server is local', async () => {
    const targets = [
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:9/',
      'http://10.0.0.1/',
      'http://[::1]:9/',
      'http://localhost:9/',
    ];
    for (const to of targets) {
      const err = await rejects(
        downloadImage(`${base}/r?to=${encodeURIComponent(to)}`, {
          server: 'https://api.example.com',
          timeoutMs: 2000,
        }),
      );
      assert.match(err.message, /private address/, to);
    }
    const local = `${base}/png`;
    const img = await downloadImage(`${base}/r?to=${encodeURIComponent(local)}`, { server: base });
    assert.equal(img.contentType, 'image/png', 'a local server may redirect to itself');
    console.log(`      ${targets.length} private redirects refused`);
  });

  it('keeps the bytes only when they are an image, whatever Content-Type says', async () => {
    const err = await rejects(downloadImage(`${base}/html`, { server: base }));
    assert.match(err.message, /did not return an image/);
    const ok = await downloadImage(`${base}/png`, { server: base });
    assert.equal(ok.ext, 'png', 'text/plain holding a PNG is a PNG');
  });
});
