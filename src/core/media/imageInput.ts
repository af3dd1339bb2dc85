/**
 * Reference images for imagine, blend and describe: which files count as images, their MIME types, the
 * limits checked before anything is sent, and the data URLs the servers expect (API.md: `base64Array`
 * holds `data:image/png;base64,…`). Pure: the host reads the bytes and passes them in.
 */
import { t } from '../../shared/l10n';

/** File extensions (lower case, no dot) the commands accept, with the MIME type each data URL gets. */
export const IMAGE_MIME: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** The extensions as the Open dialog's filter wants them. */
export const IMAGE_EXTENSIONS: readonly string[] = Object.keys(IMAGE_MIME);

/**
 * Largest image we send. Relays forward the JSON body upstream and Discord itself refuses larger
 * attachments on free uploads; base64 adds a third on top, so 5 MB of file is ~6.7 MB on the wire.
 */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Most images one imagine or blend takes (blend: 2-5 per API.md; imagine: the same cap). */
export const MAX_IMAGES = 5;

/** A file the user picked: its name (for messages and the MIME type) and size in bytes. */
export interface PickedImage {
  name: string;
  size: number;
}

/** The MIME type for a file name, or undefined when it is not an image we accept. */
export function imageMime(name: string): string | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? IMAGE_MIME[m[1]!.toLowerCase()] : undefined;
}

/** A size as people read it ("5 MB", "812 KB"). */
export function formatBytes(n: number): string {
  // MB and KB read the same in Chinese; only "bytes" is a word.
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return t('{0} bytes', n);
}

/**
 * Why these files cannot be sent, as one sentence, or undefined when they can. Checked before any
 * request, so a doomed (possibly paid) submit is never made.
 */
export function checkImages(
  files: readonly PickedImage[],
  limits: { min: number; max: number } = { min: 1, max: MAX_IMAGES },
): string | undefined {
  if (files.length < limits.min) {
    return limits.min === 1
      ? t('Pick at least one image.')
      : t('Pick at least {0} images (got {1}).', limits.min, files.length);
  }
  if (files.length > limits.max) {
    return limits.max === 1
      ? t('Pick at most 1 image (got {0}).', files.length)
      : t('Pick at most {0} images (got {1}).', limits.max, files.length);
  }
  for (const f of files) {
    if (!imageMime(f.name)) {
      return t('{0} is not a PNG, JPEG, WebP or GIF image.', f.name);
    }
    if (f.size === 0) return t('{0} is empty.', f.name);
    if (f.size > MAX_IMAGE_BYTES) {
      return t(
        '{0} is {1}; images must be at most {2}.',
        f.name,
        formatBytes(f.size),
        formatBytes(MAX_IMAGE_BYTES),
      );
    }
  }
  return undefined;
}

/** `data:<mime>;base64,<bytes>` for a file; the MIME type comes from the name (checked by checkImages). */
export function toDataUrl(name: string, bytes: Uint8Array): string {
  const mime = imageMime(name) ?? 'application/octet-stream';
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** The last path segment, for messages and labels ("a/b/cat.png" → "cat.png"). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
