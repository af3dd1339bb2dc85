/**
 * The pure half of "your images in your project": splitting a grid into its four pictures, naming files
 * after prompts, never overwriting, and Markdown image links relative to the file they go into.
 */
import { PNG } from 'pngjs';
import { t } from '../../shared/l10n';
import { sniffImageType } from './images';

/** Thrown for a grid that is not a PNG: we only split PNGs for now (no JPEG/WebP decoder is bundled). */
export class NotPngError extends Error {
  constructor(readonly contentType: string | undefined) {
    super(
      contentType === undefined
        ? t('Only PNG grids can be split into quadrants for now; this image is of an unknown type.')
        : t('Only PNG grids can be split into quadrants for now; this image is {0}.', contentType),
    );
  }
}

/**
 * Crops a 2x2 grid into its four quadrants, in Midjourney's order (1 top-left, 2 top-right, 3 bottom-left,
 * 4 bottom-right), each a PNG of half the width and half the height (an odd last pixel row/column is dropped
 * so all four are the same size).
 */
export function cropQuadrants(png: Uint8Array): Uint8Array[] {
  const type = sniffImageType(png);
  if (type !== 'image/png') throw new NotPngError(type);
  const src = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const w = Math.floor(src.width / 2);
  const h = Math.floor(src.height / 2);
  if (w < 1 || h < 1) throw new Error(t('The image is too small to split into quadrants.'));
  const out: Uint8Array[] = [];
  for (const [qx, qy] of [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ] as const) {
    const dst = new PNG({ width: w, height: h });
    PNG.bitblt(src, dst, qx * w, qy * h, w, h, 0, 0);
    out.push(new Uint8Array(PNG.sync.write(dst)));
  }
  return out;
}

const SLUG_MAX = 60;
/** Names Windows refuses for a file whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A file name for a task's image: the prompt's words (parameters like `--ar 16:9` and links dropped),
 * lower-case ASCII joined by `-`, at most 60 characters, then the extension; the task id when the prompt
 * gives nothing usable.
 */
export function fileNameFor(prompt: string, id: string, ext: string): string {
  const words = prompt
    .replace(/<[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/gi, ' ')
    // Everything from the first parameter on is settings, not description.
    .replace(/(^|\s)--\S.*$/s, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > SLUG_MAX) {
      if (!slug) slug = w.slice(0, SLUG_MAX);
      break;
    }
    slug = next;
  }
  if (!slug || RESERVED.test(slug)) slug = `midjourney-${id.replace(/[^\w-]/g, '_') || 'image'}`;
  const cleanExt =
    ext
      .replace(/^\./, '')
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase() || 'png';
  return `${slug}.${cleanExt}`;
}

/**
 * The first of `name`, `name-2.ext`, `name-3.ext`… that `exists` says is free, so a save never overwrites
 * a file (the user's or an earlier save).
 */
export async function uniqueName(name: string, exists: (n: string) => Promise<boolean>): Promise<string> {
  if (!(await exists(name))) return name;
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 2; i < 10_000; i++) {
    const candidate = `${base}-${i}${ext}`;
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(t('Too many files named like {0}.', name));
}

/** The name of quadrant `n` (1-4) of a grid saved as `name`: `name-q1.png` (apart from `name-2.png` copies). */
export function quadrantName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-q${n}${name.slice(dot)}` : `${name}-q${n}`;
}

/**
 * Alt text for a Markdown image: one line, and `\`, `[` and `]` escaped so the prompt cannot end the alt
 * text early or nest a link.
 */
export function markdownAlt(prompt: string): string {
  return prompt
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/**
 * The path from a Markdown file's folder to an image, with `/` separators, as VS Code's own Markdown paste
 * writes it; both are absolute POSIX-style paths (a URI's path). Spaces and parentheses are percent-encoded
 * so the link stays one token.
 */
export function relativeLink(fromDir: string, toFile: string): string {
  const from = fromDir.split('/').filter(Boolean);
  const to = toFile.split('/').filter(Boolean);
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  const parts = [...from.slice(i).map(() => '..'), ...to.slice(i)];
  return parts
    .map((p) => p.replace(/[ ()<>%]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** `![alt](path)` for a task's prompt and the image's path relative to the document. */
export function markdownImage(prompt: string, relPath: string): string {
  return `![${markdownAlt(prompt)}](${relPath})`;
}

/**
 * Whether a task's image is a 2x2 grid (imagine, variations, reroll, blend, pan, zoom) rather than one
 * picture (an upscale), so that splitting it into quadrants makes sense.
 */
export function isGridAction(action: string): boolean {
  const a = action.toUpperCase();
  return !a.startsWith('UPSCALE') && !['DESCRIBE', 'SHORTEN'].includes(a);
}
