/**
 * The gallery's message protocol (host/gallery ↔ webview/gallery), apart from the result panel's
 * (protocol.ts). No runtime dependencies: both sides import it. The host receives `unknown` and accepts it
 * only through `parseGalleryMessage`; the webview reads the host's messages through `parseGalleryHostMessage`.
 */
import { parseDateWords, type DateWords } from './dateWords';

/** One finished picture as the gallery shows it: plain data, the prompt untrusted (textContent only). */
export interface GalleryItem {
  id: string;
  prompt: string;
  action: string;
  /** Epoch ms the picture was made (finishTime, else when we submitted it): its day and its sort key. */
  time: number;
  /** A 2×2 grid (imagine, variation…), shown as one tile or as its four pictures. */
  grid: boolean;
  starred: boolean;
  /** The ≤256 px thumbnail (a webview URI), once made; a placeholder shows until then. */
  thumb?: string;
  /** Thumbnails of the four pictures the server gave separately (TA `imageUrls`); else the grid is cropped. */
  quads?: string[];
}

/** A picture in the style-reference library, for the toolbar's filter and the composer. */
export interface StyleRefView {
  url: string;
  label: string;
}

/** Status groups and the filter: the same shape as the tree's TaskFilter (core/tasks/taskFilter.ts). */
export type GalleryStatus = 'running' | 'done' | 'failed' | 'waiting';
const STATUSES: readonly string[] = ['running', 'done', 'failed', 'waiting'];

export interface GalleryFilter {
  statuses?: GalleryStatus[];
  actions?: string[];
  withinDays?: number;
  /** Words that must all appear in the prompt (the search box). */
  text?: string;
  starred?: boolean;
  /** Only pictures whose prompt used this style reference (--sref / --oref). */
  sref?: string;
}

/** What survives a reload (webview state, and the serializer restores the panel with it). */
export interface GalleryViewState {
  filter: GalleryFilter;
  scrollTop: number;
  /** Tile edge in CSS px. */
  tileSize: number;
  /** Grids as their four pictures instead of one tile. */
  split: boolean;
}

export const TILE_MIN = 96;
export const TILE_MAX = 320;
export const TILE_DEFAULT = 160;

/** What the context menu can do; the host maps each to an existing command (an allow-list, never a command id). */
export type GalleryAction =
  | 'open'
  | 'insert'
  | 'saveAs'
  | 'copyPrompt'
  | 'reusePrompt'
  | 'imagePrompt'
  | 'styleRef'
  | 'star'
  | 'unstar'
  | 'delete';
export const GALLERY_ACTIONS: readonly GalleryAction[] = [
  'open',
  'insert',
  'saveAs',
  'copyPrompt',
  'reusePrompt',
  'imagePrompt',
  'styleRef',
  'star',
  'unstar',
  'delete',
];

/** Host → webview. After `ready` the host sends `items` (everything), then `shown` for every query. */
export type GalleryHostMessage =
  /**
   * The pictures, newest first, in two messages: the first screens' worth, then (`append`) the rest, so the
   * first tiles show before 10,000 items are cloned and laid out. `complete` on the last one.
   */
  | {
      type: 'items';
      items: GalleryItem[];
      actions: string[];
      refs: StyleRefView[];
      append?: boolean;
      complete: boolean;
      /** How to write dates and counts in the UI language (on the first message). */
      dates?: DateWords;
    }
  /** The ids the filter lets through, newest first, for the query numbered `seq`. */
  | { type: 'shown'; seq: number; ids: string[] }
  /** A thumbnail was made (or a quadrant's). */
  | { type: 'thumbs'; thumbs: { id: string; thumb?: string; quads?: string[] }[] }
  /** The full-size local picture for the large preview (Space). */
  | { type: 'full'; id: string; src: string };

/** Webview → host. */
export type GalleryMessage =
  | { type: 'ready' }
  | { type: 'query'; seq: number; filter: GalleryFilter }
  | { type: 'act'; action: GalleryAction; ids: string[] }
  /** Thumbnails for these tiles are wanted now (they came into view): made first. */
  | { type: 'want'; ids: string[] }
  /** The large preview of one picture (Space) wants its full-size local copy. */
  | { type: 'preview'; id: string };

/** Items in the first `items` message: a few screens of the largest window. */
export const FIRST_ITEMS = 400;

/** Tiles one message acts on at most (a select-all of 10,000 must not run 10,000 commands). */
export const ACT_MAX = 50;
export const WANT_MAX = 200;
const ID_RE = /^[\w.:-]{1,128}$/;
const TEXT_MAX = 500;
const URL_MAX = 2048;

function isId(v: unknown): v is string {
  return typeof v === 'string' && ID_RE.test(v);
}

function isRec(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ids(v: unknown, max: number): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > max || !v.every(isId)) return undefined;
  return [...new Set(v as string[])];
}

/** A filter from untrusted data: unknown parts dropped, never an error (an old state must still open). */
export function parseGalleryFilter(raw: unknown): GalleryFilter {
  if (!isRec(raw)) return {};
  const f: GalleryFilter = {};
  if (Array.isArray(raw.statuses)) {
    const s = raw.statuses.filter((x): x is GalleryStatus => typeof x === 'string' && STATUSES.includes(x));
    if (s.length) f.statuses = [...new Set(s)];
  }
  if (Array.isArray(raw.actions)) {
    const a = raw.actions.filter((x): x is string => typeof x === 'string' && /^[A-Z_]{1,40}$/.test(x));
    if (a.length) f.actions = [...new Set(a)].slice(0, 40);
  }
  const d = raw.withinDays;
  if (typeof d === 'number' && Number.isInteger(d) && d > 0 && d <= 36_500) f.withinDays = d;
  if (typeof raw.text === 'string' && raw.text.trim()) f.text = raw.text.slice(0, TEXT_MAX);
  if (raw.starred === true) f.starred = true;
  if (typeof raw.sref === 'string' && /^https?:\/\/\S+$/i.test(raw.sref) && raw.sref.length <= URL_MAX) {
    f.sref = raw.sref;
  }
  return f;
}

/** Validates a message from the gallery's webview; undefined for anything not exactly allowed. */
export function parseGalleryMessage(raw: unknown): GalleryMessage | undefined {
  if (!isRec(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'query': {
      const seq = raw.seq;
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
      if (!isRec(raw.filter)) return undefined;
      return { type: 'query', seq, filter: parseGalleryFilter(raw.filter) };
    }
    case 'act': {
      const action = raw.action;
      if (typeof action !== 'string' || !(GALLERY_ACTIONS as readonly string[]).includes(action)) {
        return undefined;
      }
      const list = ids(raw.ids, ACT_MAX);
      return list ? { type: 'act', action: action as GalleryAction, ids: list } : undefined;
    }
    case 'want': {
      const list = ids(raw.ids, WANT_MAX);
      return list ? { type: 'want', ids: list } : undefined;
    }
    case 'preview':
      return isId(raw.id) ? { type: 'preview', id: raw.id } : undefined;
    default:
      return undefined;
  }
}

/** A restored view state (from the webview, so untrusted); defaults for whatever is missing. */
export function parseGalleryViewState(raw: unknown): GalleryViewState {
  const r = isRec(raw) ? raw : {};
  const size = typeof r.tileSize === 'number' && Number.isFinite(r.tileSize) ? r.tileSize : TILE_DEFAULT;
  const top = typeof r.scrollTop === 'number' && Number.isFinite(r.scrollTop) ? r.scrollTop : 0;
  return {
    filter: parseGalleryFilter(r.filter),
    scrollTop: Math.max(0, top),
    tileSize: Math.min(TILE_MAX, Math.max(TILE_MIN, Math.round(size))),
    split: r.split === true,
  };
}

function optStr(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function quads(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'string' && x)) return undefined;
  return v as string[];
}

function toItem(v: unknown): GalleryItem | undefined {
  if (!isRec(v) || typeof v.id !== 'string' || !v.id) return undefined;
  return {
    id: v.id,
    prompt: typeof v.prompt === 'string' ? v.prompt : '',
    action: typeof v.action === 'string' ? v.action : '',
    time: typeof v.time === 'number' && Number.isFinite(v.time) ? v.time : 0,
    grid: v.grid === true,
    starred: v.starred === true,
    thumb: optStr(v.thumb),
    quads: quads(v.quads),
  };
}

function dates(raw: unknown): { dates?: DateWords } {
  const words = raw === undefined ? undefined : parseDateWords(raw);
  return words ? { dates: words } : {};
}

/** What the webview accepts from the host; never throws, drops what is malformed. */
export function parseGalleryHostMessage(raw: unknown): GalleryHostMessage | undefined {
  if (!isRec(raw)) return undefined;
  switch (raw.type) {
    case 'items': {
      if (!Array.isArray(raw.items)) return undefined;
      const items: GalleryItem[] = [];
      for (const v of raw.items) {
        const it = toItem(v);
        if (it) items.push(it);
      }
      const actions = Array.isArray(raw.actions)
        ? raw.actions.filter((a): a is string => typeof a === 'string')
        : [];
      const refs = Array.isArray(raw.refs)
        ? raw.refs
            .filter((r): r is Record<string, unknown> => isRec(r) && typeof r.url === 'string')
            .map((r) => ({ url: r.url as string, label: typeof r.label === 'string' ? r.label : '' }))
        : [];
      return {
        type: 'items',
        items,
        actions,
        refs,
        append: raw.append === true,
        complete: raw.complete !== false,
        ...dates(raw.dates),
      };
    }
    case 'shown': {
      if (typeof raw.seq !== 'number' || !Array.isArray(raw.ids)) return undefined;
      return { type: 'shown', seq: raw.seq, ids: raw.ids.filter((x): x is string => typeof x === 'string') };
    }
    case 'thumbs': {
      if (!Array.isArray(raw.thumbs)) return undefined;
      const thumbs = raw.thumbs
        .filter((x): x is Record<string, unknown> => isRec(x) && typeof x.id === 'string')
        .map((x) => ({ id: x.id as string, thumb: optStr(x.thumb), quads: quads(x.quads) }));
      return { type: 'thumbs', thumbs };
    }
    case 'full':
      if (typeof raw.id !== 'string' || typeof raw.src !== 'string' || !raw.src) return undefined;
      return { type: 'full', id: raw.id, src: raw.src };
    default:
      return undefined;
  }
}
