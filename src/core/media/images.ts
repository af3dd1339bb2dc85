/**
 * Downloads a task's image so the panel and tooltips can show a local copy: CDN links expire within hours.
 * The API key is never sent here (image hosts are other origins); only http(s) URLs are fetched.
 */
import type { Dispatcher } from 'undici';
import { downloadMedia } from './download';
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';

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
  if (
    b.length >= 12 &&
    String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...b.subarray(8, 12)) === 'WEBP'
  )
    return 'image/webp';
  if (b.length >= 4 && String.fromCharCode(...b.subarray(0, 4)) === 'GIF8') return 'image/gif';
  return undefined;
}

export async function downloadImage(
  url: string,
  opts: {
    dispatcher?: Dispatcher;
    maxBytes?: number;
    timeoutMs?: number;
    signal?: AbortSignal;
    /** The configured server's base URL (see DownloadOptions.server). */
    server?: string;
  } = {},
): Promise<DownloadedImage> {
  const { bytes } = await downloadMedia(url, 'image', {
    dispatcher: opts.dispatcher,
    server: opts.server,
    signal: opts.signal,
    maxBytes: opts.maxBytes ?? 40 * 1024 * 1024,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  // The bytes decide, whatever Content-Type says: a declared image/* that is not one is refused.
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    throw new MjError({ kind: 'server', message: t('The image link did not return an image.') });
  }
  return { bytes, contentType, ext: TYPES[contentType] };
}
