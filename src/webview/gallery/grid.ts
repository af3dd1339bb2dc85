/**
 * The gallery's virtual grid: the scrolling list of day headers and tiles over gridModel.ts's layout. Only
 * the rows the scroll position shows (plus half a screen around them) exist as elements; the app owns the
 * items, the selection and the focus, and this draws them.
 */
import type { GalleryItem } from '../../shared/galleryProtocol';
import { t } from '../../shared/l10n';
import { el, icon, safeSrc } from './dom';
import type { Layout } from './gridModel';
import { buildLayout, columnsFor, firstCellOf, lastCellOf, tileFor, visibleRange } from './gridModel';
import { picturesText, type GalleryWords } from './words';

/** What the grid reads from the app, and tells it. */
export interface GridContext {
  /** The list to lay out (already filtered, newest first). */
  shown(): readonly GalleryItem[];
  view(): { tileSize: number; split: boolean };
  /** The cell with the keyboard focus (-1: none). */
  focus(): number;
  isSelected(id: string): boolean;
  /** The saved scroll position to go back to, once, when the list is there to scroll. */
  restoreScroll(): number | undefined;
  /** Tiles came into view whose pictures have no thumbnail yet (each id once). */
  want(ids: string[]): void;
  /** After each render, with how many tiles exist. */
  rendered(tiles: number): void;
}

export class GalleryGrid {
  readonly scroller: HTMLElement;
  private readonly sizer: HTMLElement;
  private readonly empty: HTMLElement;
  private laidOut: Layout = buildLayout([], { width: 1, tileSize: 160, split: false });
  /** The drawn tiles by cell, and day headers by row. */
  readonly tiles = new Map<number, HTMLElement>();
  private readonly headers = new Map<number, HTMLElement>();
  /** Ids whose thumbnails were asked for already. */
  private readonly wanted = new Set<string>();
  private frame = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly words: GalleryWords,
    private readonly ctx: GridContext,
  ) {
    this.sizer = el('div', { className: 'sizer' });
    this.empty = el('p', { className: 'empty', text: t('Loading pictures…') });
    this.scroller = el(
      'main',
      {
        className: 'scroller',
        attrs: {
          role: 'listbox',
          'aria-multiselectable': 'true',
          'aria-label': t('Pictures'),
          tabindex: '0',
        },
      },
      [this.sizer, this.empty],
    );
    if (typeof ResizeObserver !== 'undefined')
      new ResizeObserver(() => this.relayout(false)).observe(this.scroller);
    window.addEventListener('resize', () => this.relayout(false));
  }

  /** The cell of the tile an event happened in, or -1. */
  cellOf(target: EventTarget | null): number {
    const tile = (target as HTMLElement | null)?.closest?.('.tile') as HTMLElement | null;
    return tile ? Number(tile.dataset.cell) : -1;
  }

  /** Each drawn tile's aria-selected, after the selection changed. */
  syncSelection(): void {
    for (const [cell, tile] of this.tiles) {
      tile.setAttribute('aria-selected', String(this.ctx.isSelected(this.layout.cells[cell]!.item.id)));
    }
  }

  /** Draws the pictures of these ids again where their tiles exist (new thumbnails arrived). */
  refreshPictures(ids: ReadonlySet<string>): void {
    for (const [cell, tile] of this.tiles) {
      const c = this.layout.cells[cell];
      if (c && ids.has(c.item.id)) this.fillPicture(tile, cell);
    }
  }

  /** The layout drawn now. */
  get layout(): Layout {
    return this.laidOut;
  }

  /** A new list of items: their thumbnails may be asked for again. */
  forgetWanted(): void {
    this.wanted.clear();
  }

  /** The text where there are no tiles ('' when there are). */
  showEmpty(text: string, hidden: boolean): void {
    this.empty.textContent = text;
    this.empty.hidden = hidden;
  }

  private width(): number {
    const style = getComputedStyle(this.scroller);
    const pad = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0);
    return Math.max(1, this.scroller.clientWidth - pad);
  }

  /**
   * Lays the shown list out again and redraws. `appended`: the list only grew at its end (the second items
   * message), so the tiles already drawn stay where they are and only the last day's count can change.
   */
  relayout(force: boolean, appended = false): void {
    const width = this.width();
    const { tileSize, split } = this.ctx.view();
    if (!force && this.layout.columns === columnsFor(width, tileSize)) {
      if (Math.abs(this.layout.tile - tileFor(width, this.layout.columns, this.layout.gap)) < 1) return;
    }
    this.laidOut = buildLayout(this.ctx.shown(), { width, tileSize, split });
    this.sizer.style.height = `${this.layout.height}px`;
    this.root.style.setProperty('--tile', `${this.layout.tile}px`);
    if (appended) {
      for (const [row, h] of this.headers) {
        const r = this.layout.rows[row];
        if (r?.kind === 'day') h.lastElementChild!.textContent = picturesText(r.count);
      }
    } else {
      for (const tile of this.tiles.values()) tile.remove();
      this.tiles.clear();
      for (const h of this.headers.values()) h.remove();
      this.headers.clear();
    }
    const restore = this.ctx.restoreScroll();
    if (restore !== undefined) this.scroller.scrollTop = Math.min(restore, this.layout.height);
    this.render();
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(): void {
    const layout = this.layout;
    const viewport = this.scroller.clientHeight || 600;
    const { first, last } = visibleRange(layout, this.scroller.scrollTop, viewport);
    const firstCell = firstCellOf(layout, first);
    const lastCell = lastCellOf(layout, last);
    const focus = this.ctx.focus();
    for (const [cell, tile] of this.tiles) {
      if (cell < firstCell || cell >= lastCell) {
        // Never remove the focused element while it has focus: keep it until it scrolls back or moves.
        if (cell === focus && tile.contains(document.activeElement)) continue;
        tile.remove();
        this.tiles.delete(cell);
      }
    }
    for (const [row, h] of this.headers) {
      if (row < first || row >= last) {
        h.remove();
        this.headers.delete(row);
      }
    }
    const want: string[] = [];
    const fresh: Node[] = [];
    for (let r = first; r < last; r++) {
      const row = layout.rows[r]!;
      if (row.kind === 'day') {
        if (!this.headers.has(r)) {
          const h = el('h2', { className: 'day' }, [
            el('span', { text: this.words.dayLabel(row.day, row.time) }),
            el('span', {
              className: 'day-count',
              text: picturesText(row.count),
            }),
          ]);
          h.style.transform = `translateY(${row.top}px)`;
          this.headers.set(r, h);
          fresh.push(h);
        }
        continue;
      }
      for (let k = 0; k < row.count; k++) {
        const cell = row.first + k;
        if (this.tiles.has(cell)) continue;
        const tile = this.makeTile(cell, k, row.top, focus);
        this.tiles.set(cell, tile);
        fresh.push(tile);
        const item = layout.cells[cell]!.item;
        if (!item.thumb && !this.wanted.has(item.id)) {
          this.wanted.add(item.id);
          want.push(item.id);
        }
      }
    }
    if (fresh.length) this.scroller.append(...fresh);
    if (want.length) this.ctx.want(want);
    this.ctx.rendered(this.tiles.size);
  }

  private makeTile(cell: number, column: number, top: number, focus: number): HTMLElement {
    const { item, quad } = this.layout.cells[cell]!;
    const { tile: size, gap } = this.layout;
    const label = item.prompt || item.action || item.id;
    const meta = `${item.action.toLowerCase()}${quad !== undefined ? ` ${quad + 1}/4` : ''} · ${this.words.time(item.time)}`;
    const tile = el(
      'div',
      {
        className: 'tile',
        attrs: {
          role: 'option',
          'aria-label': quad !== undefined ? `${label} (${quad + 1}/4)` : label,
          'aria-selected': String(this.ctx.isSelected(item.id)),
          'aria-setsize': String(this.layout.cells.length),
          'aria-posinset': String(cell + 1),
          tabindex: cell === focus ? '0' : '-1',
          draggable: 'true',
          'data-cell': String(cell),
          'data-id': item.id,
        },
      },
      [
        el('div', { className: 'pic' }),
        el('div', { className: 'caption', attrs: { 'aria-hidden': 'true' } }, [
          el('span', { className: 'prompt', text: label }),
          el('span', { className: 'meta', text: meta }),
        ]),
      ],
    );
    if (item.starred) tile.append(el('span', { className: 'star' }, [icon('star-full')]));
    tile.style.transform = `translate(${column * (size + gap)}px, ${top}px)`;
    this.fillPicture(tile, cell);
    return tile;
  }

  /** The tile's picture: its thumbnail (a quadrant of it when split and no separate picture), or a placeholder. */
  private fillPicture(tile: HTMLElement, cell: number): void {
    const { item, quad } = this.layout.cells[cell]!;
    const pic = tile.firstElementChild as HTMLElement;
    const own = quad !== undefined ? safeSrc(item.quads?.[quad]) : undefined;
    const src = own ?? safeSrc(item.thumb);
    if (!src) {
      pic.className = 'pic placeholder';
      if (!pic.firstChild) pic.append(icon('file-media'));
      return;
    }
    pic.className = quad !== undefined && !own ? `pic crop q${quad}` : 'pic';
    const img = el('img', { attrs: { alt: '', src, decoding: 'async', draggable: 'false' } });
    pic.replaceChildren(img);
  }
}
