/**
 * The gallery's grid as numbers, with no DOM: which tiles there are (a grid's four pictures when split),
 * how they fall into day groups and rows at a given width and tile size, and which rows a scroll position
 * shows. The renderer draws only those rows, so 10,000 pictures cost a few dozen elements.
 */
import type { GalleryItem } from '../../shared/galleryProtocol';

/** One tile: a picture, or one quadrant (0-3, Midjourney's order) of a grid. */
export interface Cell {
  item: GalleryItem;
  quad?: number;
}

export type Row =
  | { kind: 'day'; top: number; height: number; day: string; time: number; count: number }
  | { kind: 'tiles'; top: number; height: number; first: number; count: number };

export interface Layout {
  cells: Cell[];
  rows: Row[];
  /** Index in `rows` of each cell's row. */
  rowOf: Int32Array;
  columns: number;
  /** The tile's edge after the columns share the width. */
  tile: number;
  gap: number;
  height: number;
}

export interface LayoutOptions {
  width: number;
  tileSize: number;
  split: boolean;
  gap?: number;
  headerHeight?: number;
  /** The local day of a time ("2026-12-02"); injectable for tests in any time zone. */
  dayOf?: (time: number) => string;
}

/** The local calendar day of an epoch-ms time, as YYYY-MM-DD. */
export function localDay(time: number): string {
  const d = new Date(time);
  const m = d.getMonth() + 1;
  const day = d.getDate();
  return `${d.getFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/** The tiles of these items, in order: a grid gives four when split, everything else one. */
export function cellsOf(items: readonly GalleryItem[], split: boolean): Cell[] {
  const cells: Cell[] = [];
  for (const item of items) {
    if (split && item.grid) for (let q = 0; q < 4; q++) cells.push({ item, quad: q });
    else cells.push({ item });
  }
  return cells;
}

/** How many columns of `tileSize` tiles (and `gap`s between them) fit in `width`: at least one. */
export function columnsFor(width: number, tileSize: number, gap = 8): number {
  return Math.max(1, Math.floor((width + gap) / (tileSize + gap)));
}

/** The tile's edge when `columns` tiles and their gaps share `width`. */
export function tileFor(width: number, columns: number, gap: number): number {
  return Math.max(1, Math.floor((width - gap * (columns - 1)) / columns));
}

/** Day headers and rows of tiles, top to bottom, for items already in display order (newest first). */
export function buildLayout(items: readonly GalleryItem[], opts: LayoutOptions): Layout {
  const gap = opts.gap ?? 8;
  const headerHeight = opts.headerHeight ?? 32;
  const dayOf = opts.dayOf ?? localDay;
  const width = Math.max(1, opts.width);
  const columns = columnsFor(width, opts.tileSize, gap);
  const tile = tileFor(width, columns, gap);
  const cells = cellsOf(items, opts.split);
  const rows: Row[] = [];
  const rowOf = new Int32Array(cells.length);
  let top = 0;
  let i = 0;
  // Date objects are the slow part over 40,000 tiles: one per distinct time.
  let lastTime = NaN;
  let lastDay = '';
  const dayAt = (c: number): string => {
    const time = cells[c]!.item.time;
    if (time !== lastTime) {
      lastTime = time;
      lastDay = dayOf(time);
    }
    return lastDay;
  };
  while (i < cells.length) {
    const day = dayAt(i);
    let end = i + 1;
    while (end < cells.length && dayAt(end) === day) end++;
    const header: Row = { kind: 'day', top, height: headerHeight, day, time: cells[i]!.item.time, count: 0 };
    rows.push(header);
    top += headerHeight;
    let pictures = 0;
    for (let j = i; j < end; j += columns) {
      const count = Math.min(columns, end - j);
      for (let k = 0; k < count; k++) rowOf[j + k] = rows.length;
      rows.push({ kind: 'tiles', top, height: tile + gap, first: j, count });
      top += tile + gap;
    }
    for (let j = i; j < end; j++) if (cells[j]!.quad === undefined || cells[j]!.quad === 0) pictures++;
    header.count = pictures;
    i = end;
  }
  return { cells, rows, rowOf, columns, tile, gap, height: top };
}

/** Index of the first row whose bottom is below `y` (binary search). */
function rowAt(rows: readonly Row[], y: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid]!;
    if (r.top + r.height <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rows to draw for a viewport: the visible ones plus `overscan` viewports of margin split above and
 * below (0.5 by default, so at most two screens of tiles exist at any time).
 */
export function visibleRange(
  layout: Layout,
  scrollTop: number,
  viewport: number,
  overscan = 0.5,
): { first: number; last: number } {
  const margin = (viewport * overscan) / 2;
  const first = rowAt(layout.rows, Math.max(0, scrollTop - margin));
  const last = Math.min(layout.rows.length, rowAt(layout.rows, scrollTop + viewport + margin) + 1);
  return { first, last: Math.max(first, last) };
}

/** The keys that move the focus through the grid. */
export type NavKey =
  | 'ArrowLeft'
  | 'ArrowRight'
  | 'ArrowUp'
  | 'ArrowDown'
  | 'Home'
  | 'End'
  | 'PageUp'
  | 'PageDown';
const NAV_KEYS: ReadonlySet<string> = new Set<NavKey>([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

export function isNavKey(key: string): key is NavKey {
  return NAV_KEYS.has(key);
}

/** The cell a key moves to from `from` (-1: none yet), or `from` when it cannot move. */
export function moveFocus(layout: Layout, from: number, key: NavKey, pageRows = 3): number {
  const n = layout.cells.length;
  if (n === 0) return -1;
  if (from < 0 || from >= n) return 0;
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, from - 1);
    case 'ArrowRight':
      return Math.min(n - 1, from + 1);
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default: {
      const down = key === 'ArrowDown' || key === 'PageDown';
      const steps = key === 'PageUp' || key === 'PageDown' ? pageRows : 1;
      const rowIndex = layout.rowOf[from]!;
      const row = layout.rows[rowIndex] as Extract<Row, { kind: 'tiles' }>;
      const col = from - row.first;
      let r = rowIndex;
      let target = r;
      for (let s = 0; s < steps; s++) {
        let next = r + (down ? 1 : -1);
        while (next >= 0 && next < layout.rows.length && layout.rows[next]!.kind !== 'tiles') {
          next += down ? 1 : -1;
        }
        if (next < 0 || next >= layout.rows.length) break;
        r = next;
        target = r;
      }
      const t = layout.rows[target] as Extract<Row, { kind: 'tiles' }>;
      return t.first + Math.min(col, t.count - 1);
    }
  }
}

/** The scrollTop that brings a cell's row into view (unchanged when it is visible already). */
export function scrollToCell(layout: Layout, cell: number, scrollTop: number, viewport: number): number {
  const row = layout.rows[layout.rowOf[cell] ?? 0];
  if (!row) return scrollTop;
  // A row right under its day header shows the header too.
  const prev = layout.rows[(layout.rowOf[cell] ?? 0) - 1];
  const top = prev?.kind === 'day' ? prev.top : row.top;
  if (top < scrollTop) return top;
  if (row.top + row.height > scrollTop + viewport) return Math.max(0, row.top + row.height - viewport);
  return scrollTop;
}

/** The ids from `from` to `to` in cell order (Shift+click), each once. */
export function rangeIds(layout: Layout, from: number, to: number): string[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  const out = new Set<string>();
  for (let i = Math.max(0, a); i <= b && i < layout.cells.length; i++) out.add(layout.cells[i]!.item.id);
  return [...out];
}

/** The first cell at or after row `row` (the cell count when only day headers follow). */
export function firstCellOf(layout: Layout, row: number): number {
  for (let r = row; r < layout.rows.length; r++) {
    const x = layout.rows[r]!;
    if (x.kind === 'tiles') return x.first;
  }
  return layout.cells.length;
}

/** One past the last cell in the rows before `rowEnd` (0 when there is none). */
export function lastCellOf(layout: Layout, rowEnd: number): number {
  for (let r = rowEnd - 1; r >= 0; r--) {
    const x = layout.rows[r]!;
    if (x.kind === 'tiles') return x.first + x.count;
  }
  return 0;
}
