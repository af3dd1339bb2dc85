/**
 * Downloads a task's media (a picture or a clip) for the local copy. No key is ever sent: media hosts are
 * other origins. Only http(s); up to 3 redirects; stops at `maxBytes`; a 403/404/410 means the link expired.
 */
import type { Dispatcher } from 'undici';
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import { request } from '../net/undici';

export interface DownloadOptions {
  dispatcher?: Dispatcher;
  /**
   * The configured server's base URL. A redirect to a loopback, private or link-local address (a cloud's
   * metadata service at 169.254.169.254, a router's page) is followed only when that server is itself on
   * such an address; without it, the first link's host stands for the server.
   */
  server?: string;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The bytes and the declared Content-Type (the caller recognises the format by the bytes). */
export async function downloadMedia(
  url: string,
  what: 'image' | 'video',
  opts: DownloadOptions,
): Promise<{ bytes: Uint8Array; declaredType: string }> {
  let current = url;
  for (let hop = 0; hop < 4; hop++) {
    const parsed = mediaUrl(current, what);
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(parsed, { method: 'GET', dispatcher: opts.dispatcher, signal });
    } catch (cause) {
      throw new MjError({
        kind: 'network',
        message:
          what === 'image'
            ? t('Could not download the image from {0}.', parsed.host)
            : t('Could not download the video from {0}.', parsed.host),
        hint: t('The link may have expired; the task can be refreshed to get a new one.'),
        cause,
      });
    }
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      await res.body.dump();
      const next = new URL(String(res.headers.location), parsed);
      if (isPrivateHost(next.hostname) && !isPrivateHost(hostOf(opts.server ?? url))) {
        throw new MjError({
          kind: 'server',
          message:
            what === 'image'
              ? t('The image link redirected to a private address ({0}); it was not followed.', next.hostname)
              : t(
                  'The video link redirected to a private address ({0}); it was not followed.',
                  next.hostname,
                ),
        });
      }
      current = next.toString();
      continue;
    }
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new MjError({
        kind: [403, 404, 410].includes(res.statusCode) ? 'notFound' : 'server',
        httpStatus: res.statusCode,
        message:
          what === 'image'
            ? t('The image link answered HTTP {0}: it has expired or is unreachable.', res.statusCode)
            : t('The video link answered HTTP {0}: it has expired or is unreachable.', res.statusCode),
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > opts.maxBytes) {
        res.body.destroy();
        throw new MjError({
          kind: 'server',
          message:
            what === 'image'
              ? t('The image is larger than the download limit.')
              : t('The video is larger than the download limit.'),
        });
      }
      chunks.push(chunk as Buffer);
    }
    const declaredType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    return { bytes: new Uint8Array(Buffer.concat(chunks)), declaredType };
  }
  throw new MjError({
    kind: 'server',
    message:
      what === 'image'
        ? t('The image link redirected too many times.')
        : t('The video link redirected too many times.'),
  });
}

function mediaUrl(raw: string, what: 'image' | 'video'): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new MjError({
      kind: 'server',
      message:
        what === 'image'
          ? t('The server sent an image link that is not a valid URL.')
          : t('The server sent a video link that is not a valid URL.'),
    });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new MjError({
      kind: 'server',
      message:
        what === 'image'
          ? t('The server sent an image link that is not http(s).')
          : t('The server sent a video link that is not http(s).'),
    });
  }
  return u;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * A host that names this machine or a private network: `localhost`, loopback, RFC 1918, CGNAT, link-local
 * (169.254/16, fe80::/10), unique-local IPv6 (fc00::/7), `0.0.0.0`, and IPv4-mapped forms of those. Literal
 * names and addresses only (a public name that resolves to a private address is not caught here).
 */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h)?.[1];
  const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(h) ? h : mapped;
  if (v4) {
    const [a = 0, b = 0] = v4.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (h.includes(':')) {
    if (h === '::1' || h === '::') return true;
    if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(h)) {
      const [hi = '0', lo = '0'] = h.slice(7).split(':');
      const n = (parseInt(hi, 16) << 16) | parseInt(lo, 16);
      return isPrivateHost([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
    }
    return /^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h);
  }
  return false;
}
