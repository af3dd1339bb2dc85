import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a recorder received, whole: where it asked, every header, the body as text. */
export interface RecordedHit {
  method: string;
  /** The request target as sent: a path, or an absolute URL when the client used it as a forward proxy. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A loopback HTTP server that only records: the place a leak or an executed payload would show up. */
export interface Recorder {
  url: string;
  hits: RecordedHit[];
  /** Hits whose request line, headers or body contain `needle`. */
  hitsContaining(needle: string): RecordedHit[];
  close(): Promise<void>;
}

/**
 * Starts a recorder on 127.0.0.1 (any free port). It answers every request with 200 and a tiny JSON body
 * (and CONNECT with 200 too, so a client using it as a proxy gets as far as sending something).
 */
export async function startRecorder(): Promise<Recorder> {
  const hits: RecordedHit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end('{}');
    });
  });
  server.on('connect', (req, socket) => {
    hits.push({ method: 'CONNECT', url: req.url ?? '', headers: { ...req.headers }, body: '' });
    socket.end('HTTP/1.1 200 Connection Established\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    hitsContaining: (needle) => hits.filter((h) => JSON.stringify(h).includes(needle)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
