import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import { downloadImage, sniffImageType } from '../../src/core/media/images';

describe('image download', () => {
  let server: http.Server;
  let base = '';
  const seen: http.IncomingHttpHeaders[] = [];
  const png = PNG.sync.write(Object.assign(new PNG({ width: 2, height: 2 }), {}));

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/img.png') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(png);
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: '/img.png' });
        res.end();
      } else if (req.url === '/expired') {
        res.writeHead(403, { 'content-type': 'text/html' });
        res.end('<html>expired</html>');
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>not an image</html>');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads a PNG, recognising it by its bytes, and sends no credentials', async () => {
    const img = await downloadImage(`${base}/img.png`);
    assert.equal(img.contentType, 'image/png');
    assert.equal(img.ext, 'png');
    assert.deepEqual(Buffer.from(img.bytes), png);
    assert.equal(seen.at(-1)?.authorization, undefined);
    assert.equal(seen.at(-1)?.['mj-api-secret'], undefined);
  });

  it('follows a redirect', async () => {
    const img = await downloadImage(`${base}/moved`);
    assert.equal(img.ext, 'png');
  });

  it('says an expired link has expired', async () => {
    await assert.rejects(downloadImage(`${base}/expired`), /HTTP 403: it has expired/);
  });

  it('refuses a page that is not an image, and non-http links', async () => {
    await assert.rejects(downloadImage(`${base}/page`), /did not return an image/);
    await assert.rejects(downloadImage('javascript:alert(1)'), /not http/);
    await assert.rejects(downloadImage('file:///etc/passwd'), /not http/);
  });

  it('sniffs the common formats', () => {
    assert.equal(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0])), 'image/jpeg');
    assert.equal(sniffImageType(new TextEncoder().encode('GIF89a')), 'image/gif');
    assert.equal(sniffImageType(new TextEncoder().encode('RIFF....WEBPVP8 ')), 'image/webp');
    assert.equal(sniffImageType(new TextEncoder().encode('<html>')), undefined);
  });
});
