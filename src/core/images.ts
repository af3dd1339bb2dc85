/**
 * Downloads a task's image so the panel and tooltips can show a local copy: CDN links expire within hours.
 * The API key is never sent here (image hosts are other origins); only http(s) URLs are fetched.
 */
import type { Dispatcher } from 'undici';
import { request } from './undici';
import { MjError } from './errors';

export interface DownloadedImage {
  bytes: Uint8Array;
  contentType: string;
  /** File extension that fits the content type: png, jpg, webp, gif. */
  ext: string;
}

const TYPES: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Recognises an image by its first bytes when the server's Content-Type is missing or generic. */
export function sniffImageType(b: Uint8Array): string | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'image/webp';
  if (b.length >= 4 && String.fromCharCode(...b.subarray(0, 4)) === 'GIF8') return 'image/gif';
  return undefined;
}

export async function downloadImage(
  url: string,
  opts: { dispatcher?: Dispatcher; maxBytes?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<DownloadedImage> {
  const maxBytes = opts.maxBytes ?? 40 * 1024 * 1024;
  let current = url;
  for (let hop = 0; hop < 4; hop++) {
    const parsed = safeUrl(current);
    const signal = opts.signal
      ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs ?? 60_000)])
      : AbortSignal.timeout(opts.timeoutMs ?? 60_000);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(parsed, { method: 'GET', dispatcher: opts.dispatcher, signal });
    } catch (cause) {
      throw new MjError({
        kind: 'network',
        message: `Could not download the image from ${parsed.host}.`,
        hint: 'The link may have expired; the task can be refreshed to get a new one.',
        cause,
      });
    }
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      await res.body.dump();
      current = new URL(String(res.headers.location), parsed).toString();
      continue;
    }
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new MjError({
        kind:
          res.statusCode === 403 || res.statusCode === 404 || res.statusCode === 410 ? 'notFound' : 'server',
        httpStatus: res.statusCode,
        message: `The image link answered HTTP ${res.statusCode}: it has expired or is unreachable.`,
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        res.body.destroy();
        throw new MjError({ kind: 'server', message: 'The image is larger than the download limit.' });
      }
      chunks.push(chunk as Buffer);
    }
    const bytes = new Uint8Array(Buffer.concat(chunks));
    const declared = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const contentType = sniffImageType(bytes) ?? (TYPES[declared] ? declared : undefined);
    if (!contentType) {
      throw new MjError({ kind: 'server', message: 'The image link did not return an image.' });
    }
    return { bytes, contentType, ext: TYPES[contentType] };
  }
  throw new MjError({ kind: 'server', message: 'The image link redirected too many times.' });
}

function safeUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new MjError({ kind: 'server', message: 'The server sent an image link that is not a valid URL.' });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new MjError({ kind: 'server', message: 'The server sent an image link that is not http(s).' });
  }
  return u;
}
