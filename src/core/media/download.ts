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
      current = new URL(String(res.headers.location), parsed).toString();
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
