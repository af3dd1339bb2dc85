/**
 * Vary Region (inpaint) rules the host applies before it sends a mask: which tasks take one, and whether
 * what the panel sent is really a PNG of a usable size. Pure, so they are tested in Node.
 */
import { t } from '../../shared/l10n';
import type { Task } from '../model/types';

/** The customId family of the Vary (Region) button (`MJ::Inpaint::1::<hash>::SOLO`). */
export const INPAINT_RE = /^MJ::Inpaint::/;

/** The largest mask side we send; Midjourney images are at most a few thousand pixels. */
export const MASK_SIDE_MAX = 8192;

/**
 * True for a task the server holds in MODAL because it came from a Vary (Region) button. Takes the two fields
 * of a task record it reads (not the record's type), so media needs nothing of tasks.
 */
export function isInpaintModal(rec: {
  task: Pick<Task, 'status'>;
  origin: { customId?: string; [field: string]: unknown };
}): boolean {
  return rec.task.status === 'MODAL' && INPAINT_RE.test(rec.origin.customId ?? '');
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DATA_URL_PREFIX = 'data:image/png;base64,';

/**
 * The pixel size of a PNG data URL, read from its IHDR chunk, or a sentence saying why it is not a usable
 * mask. Only the first bytes are decoded: the server does the rest.
 */
export function maskSize(dataUrl: string): { width: number; height: number } | string {
  if (!dataUrl.startsWith(DATA_URL_PREFIX)) return t('The mask is not a PNG image.');
  // 32 base64 characters are 24 bytes: the signature, the IHDR length and type, width and height.
  const head = Buffer.from(dataUrl.slice(DATA_URL_PREFIX.length, DATA_URL_PREFIX.length + 32), 'base64');
  if (head.length < 24 || PNG_SIGNATURE.some((b, i) => head[i] !== b))
    return t('The mask is not a PNG image.');
  if (head.toString('latin1', 12, 16) !== 'IHDR') return t('The mask is not a PNG image.');
  const width = head.readUInt32BE(16);
  const height = head.readUInt32BE(20);
  if (width < 1 || height < 1 || width > MASK_SIDE_MAX || height > MASK_SIDE_MAX) {
    return t('The mask has an unusable size ({0}×{1} pixels).', width, height);
  }
  return { width, height };
}
