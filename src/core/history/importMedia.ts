/**
 * What Import History may copy into the library. The export folder may come from anyone: `images/x.png` can
 * be a symlink to `~/.ssh/id_rsa` (then exported again, or sent to a server by Edit Image) or to
 * `/dev/zero`. A file is copied only when it is a regular file (no symlink, no device), not bigger than the
 * cap, and its bytes are a real picture or clip; the copy is named by that type, never by the name it came with.
 */
import { sniffImageType } from '../media/images';
import { sniffVideoType } from '../media/video';

/** Pictures are a few MB; clips up to VIDEO_MAX_BYTES. Bigger is not something we exported. */
export const MAX_IMPORT_IMAGE_BYTES = 40 * 1024 * 1024;
export const MAX_IMPORT_VIDEO_BYTES = 64 * 1024 * 1024;
/** The history JSON itself (100,000 tasks of a few KB each fit well under it). */
export const MAX_HISTORY_FILE_BYTES = 256 * 1024 * 1024;

const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};

/** What `lstat` said of the file (never `stat`: that follows symlinks). */
export interface ImportedEntry {
  isSymbolicLink: boolean;
  isFile: boolean;
  size: number;
}

/** Whether the entry may be read at all, before any byte is read. */
export function mayReadImported(entry: ImportedEntry, kind: 'image' | 'video'): boolean {
  const cap = kind === 'image' ? MAX_IMPORT_IMAGE_BYTES : MAX_IMPORT_VIDEO_BYTES;
  return !entry.isSymbolicLink && entry.isFile && entry.size > 0 && entry.size <= cap;
}

/**
 * The name to store the bytes under (`<stem>.<ext of the real type>`), or undefined when the bytes are no
 * picture (for `image`) or clip (for `video`) of a type we show, or exceed the cap.
 */
export function importedMediaName(
  rel: string,
  bytes: Uint8Array,
  kind: 'image' | 'video',
): string | undefined {
  const cap = kind === 'image' ? MAX_IMPORT_IMAGE_BYTES : MAX_IMPORT_VIDEO_BYTES;
  if (bytes.length === 0 || bytes.length > cap) return undefined;
  const type = kind === 'image' ? sniffImageType(bytes) : sniffVideoType(bytes);
  if (!type) return undefined;
  const base = rel.split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^\w.-]/g, '_').replace(/^\.+/, '_') || 'file';
  return `${stem.slice(0, 100)}.${EXT[type]}`;
}
