/**
 * The pure half of "your images in your project": naming files after prompts, never overwriting, and Markdown
 * image links relative to the file they go into (splitting a grid is quadrants.ts).
 */
import { t } from '../../shared/l10n';

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

/** Where a task's image was saved into the workspace, by task id (kept in workspaceState). */
export type SavedCopies = Record<string, string[]>;

/**
 * The saved copies of task `id`. Only the map's own entries count: a task id such as `__proto__` or
 * `constructor` (ids come from the server) reads nothing from Object.prototype.
 */
export function savedCopiesOf(map: unknown, id: string): string[] {
  if (!map || typeof map !== 'object' || !Object.hasOwn(map, id)) return [];
  const v = (map as Record<string, unknown>)[id];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** The map with `uri` added to task `id`'s copies (the last 20 kept), as a new object with own keys only. */
export function withSavedCopy(map: unknown, id: string, uri: string): SavedCopies {
  const out: SavedCopies = {};
  if (map && typeof map === 'object') {
    for (const k of Object.keys(map)) {
      Object.defineProperty(out, k, {
        value: savedCopiesOf(map, k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  // defineProperty, not `out[id] =`: assigning `__proto__` would set the object's prototype instead.
  Object.defineProperty(out, id, {
    value: [...savedCopiesOf(map, id), uri].slice(-20),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return out;
}

/** A file some task uses: its picture or one of its clips. */
function filesOf(rec: { localImage?: string; localVideos?: readonly string[] }): string[] {
  return [rec.localImage ?? '', ...(rec.localVideos ?? [])].filter(Boolean);
}

/**
 * The local files to delete with `removed` tasks: their pictures and clips, except those a task that stays
 * still uses (imports share identical files; a clip may be shared too). Each file once.
 */
export function unusedFiles(
  removed: readonly { localImage?: string; localVideos?: readonly string[] }[],
  remaining: readonly { localImage?: string; localVideos?: readonly string[] }[],
): string[] {
  const used = new Set(remaining.flatMap(filesOf));
  return [...new Set(removed.flatMap(filesOf))].filter((f) => !used.has(f));
}
