/**
 * The gallery's page: a toolbar (search and the tree's filter), a virtualized grid of tiles grouped by day,
 * a large preview and a context menu. Talks to the host only through galleryProtocol.ts. Only the rows
 * the scroll position shows (plus half a screen around them) exist as elements.
 */
import { formatCount, formatDay, formatTime, type DateWords } from '../../shared/dateWords';
import { t } from '../../shared/l10n';
import type {
  GalleryAction,
  GalleryFilter,
  GalleryHostMessage,
  GalleryItem,
  GalleryMessage,
  GalleryStatus,
  GalleryViewState,
  StyleRefView,
} from '../../shared/galleryProtocol';
import { ACT_MAX, TILE_MAX, TILE_MIN, WANT_MAX } from '../../shared/galleryProtocol';
import { statusGroupLabel } from '../../shared/statusWords';
import { el, icon, safeSrc } from './dom';
import type { Layout } from './gridModel';
import { buildLayout, localDay, moveFocus, rangeIds, scrollToCell, visibleRange } from './gridModel';

/** What the page needs from VS Code (acquireVsCodeApi), so the benchmark can drive it with a stand-in. */
export interface GalleryHost {
  postMessage(msg: GalleryMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export interface GalleryHooks {
  /** Called after each render with how many tiles exist (the benchmark counts them). */
  rendered?: (tiles: number) => void;
}

/** The toolbar's date choices (days; 0: any time). */
const DAYS = [0, 1, 7, 30, 365];
const STATUS_CHOICES: GalleryStatus[] = ['done', 'running', 'waiting', 'failed'];
const NAV_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

type NavKey = Parameters<typeof moveFocus>[2];

export class GalleryApp {
  private items: GalleryItem[] = [];
  private readonly byId = new Map<string, GalleryItem>();
  private shown: GalleryItem[] = [];
  private layout: Layout = buildLayout([], { width: 1, tileSize: 160, split: false });
  private refs: StyleRefView[] = [];
  private actions: string[] = [];
  private seq = 0;
  private loaded = false;
  /** All items arrived (the second `items` message). */
  private complete = false;
  private restoreScroll: number | undefined;
  private readonly selected = new Set<string>();
  private anchor = -1;
  private focus = -1;
  private readonly tiles = new Map<number, HTMLElement>();
  private readonly headers = new Map<number, HTMLElement>();
  private readonly wanted = new Set<string>();
  private frame = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private previewId: string | undefined;
  /** How dates and counts are written: the host's words (no Intl here, see shared/dateWords.ts). */
  private words: DateWords | undefined;
  private intl: { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat } | undefined;

  readonly toolbar: HTMLElement;
  readonly scroller: HTMLElement;
  private readonly sizer: HTMLElement;
  private readonly count: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly actionSelect: HTMLSelectElement;
  private readonly daysSelect: HTMLSelectElement;
  private readonly statusSelect: HTMLSelectElement;
  private readonly srefSelect: HTMLSelectElement;
  private readonly starButton: HTMLButtonElement;
  private readonly splitButton: HTMLButtonElement;
  private readonly sizeInput: HTMLInputElement;
  private readonly preview: HTMLElement;
  private readonly previewImg: HTMLImageElement;
  private readonly previewText: HTMLElement;
  private readonly menu: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: GalleryHost,
    private state: GalleryViewState,
    private readonly hooks: GalleryHooks = {},
  ) {
    this.restoreScroll = state.scrollTop;

    this.search = el('input', {
      className: 'search',
      attrs: { type: 'search', placeholder: t('Search prompts'), 'aria-label': t('Search prompts') },
    });
    this.search.value = state.filter.text ?? '';
    this.actionSelect = el('select', { attrs: { 'aria-label': t('Action') } });
    this.daysSelect = el('select', { attrs: { 'aria-label': t('Date') } });
    for (const d of DAYS) {
      const label = d === 0 ? t('Any time') : d === 1 ? t('Last 24 hours') : t('Last {0} days', d);
      this.daysSelect.append(el('option', { text: label, attrs: { value: String(d) } }));
    }
    this.daysSelect.value = String(state.filter.withinDays ?? 0);
    this.statusSelect = el('select', { attrs: { 'aria-label': t('Status') } });
    this.statusSelect.append(el('option', { text: t('Any status'), attrs: { value: '' } }));
    for (const s of STATUS_CHOICES)
      this.statusSelect.append(el('option', { text: statusGroupLabel(s), attrs: { value: s } }));
    this.statusSelect.value = state.filter.statuses?.[0] ?? '';
    this.srefSelect = el('select', { attrs: { 'aria-label': t('Style reference') } });
    this.starButton = toggleButton('star-full', t('Starred only'));
    this.splitButton = toggleButton('layout', t('Grids as four pictures'));
    this.sizeInput = el('input', {
      attrs: {
        type: 'range',
        min: String(TILE_MIN),
        max: String(TILE_MAX),
        step: '8',
        'aria-label': t('Tile size'),
      },
    });
    this.sizeInput.value = String(state.tileSize);
    this.count = el('span', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.toolbar = el(
      'header',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': t('Gallery') } },
      [
        el('span', { className: 'search-box' }, [icon('search'), this.search]),
        this.actionSelect,
        this.daysSelect,
        this.statusSelect,
        this.srefSelect,
        this.starButton,
        this.splitButton,
        el('span', { className: 'size' }, [icon('zoom-in'), this.sizeInput]),
        this.count,
      ],
    );
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
    this.previewImg = el('img', { attrs: { alt: '' } });
    this.previewText = el('p', { className: 'preview-prompt' });
    this.preview = el(
      'div',
      { className: 'preview', attrs: { role: 'dialog', 'aria-modal': 'true', hidden: '' } },
      [this.previewImg, this.previewText],
    );
    this.menu = el('div', { className: 'menu', attrs: { role: 'menu', hidden: '' } });
    root.append(this.toolbar, this.scroller, this.preview, this.menu);
    this.syncToggles();
    this.wire();
  }

  /** Says `ready`; the host answers with every picture. */
  start(): void {
    this.host.postMessage({ type: 'ready' });
  }

  onMessage(msg: GalleryHostMessage): void {
    switch (msg.type) {
      case 'items': {
        if (msg.append) {
          // After the first tiles were painted: a frame first, then the rest.
          requestAnimationFrame(() => setTimeout(() => this.takeItems(msg), 0));
          return;
        }
        this.takeItems(msg);
        return;
      }
      case 'shown': {
        if (msg.seq !== this.seq) return;
        this.loaded = true;
        const list: GalleryItem[] = [];
        for (const id of msg.ids) {
          const it = this.byId.get(id);
          if (it) list.push(it);
        }
        this.show(list);
        return;
      }
      case 'thumbs':
        for (const th of msg.thumbs) {
          const it = this.byId.get(th.id);
          if (!it) continue;
          if (th.thumb) it.thumb = th.thumb;
          if (th.quads) it.quads = th.quads;
        }
        for (const [cell, tile] of this.tiles) {
          const c = this.layout.cells[cell];
          if (c && msg.thumbs.some((th) => th.id === c.item.id)) this.fillPicture(tile, cell);
        }
        return;
      case 'full':
        if (msg.id === this.previewId) {
          const src = safeSrc(msg.src);
          if (src) this.previewImg.src = src;
        }
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private takeItems(msg: Extract<GalleryHostMessage, { type: 'items' }>): void {
    if (!msg.append) {
      this.items = [];
      this.byId.clear();
      this.wanted.clear();
    }
    for (const it of msg.items) {
      this.items.push(it);
      this.byId.set(it.id, it);
    }
    if (msg.dates) this.words = msg.dates;
    this.complete = msg.complete;
    this.actions = msg.actions;
    this.refs = msg.refs;
    if (!msg.append) this.fillChoices();
    if (isEmpty(this.state.filter)) {
      this.loaded = true;
      this.show(this.items, msg.append === true);
    } else if (msg.complete) this.query();
  }

  /** Every element of the grid: for tests and the benchmark. */
  liveTiles(): number {
    return this.tiles.size;
  }

  private wire(): void {
    let typing: ReturnType<typeof setTimeout> | undefined;
    this.search.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(
        () => this.setFilter({ ...this.state.filter, text: this.search.value || undefined }),
        60,
      );
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'Enter') {
        e.preventDefault();
        this.focusCell(Math.max(0, this.focus));
      }
    });
    this.actionSelect.addEventListener('change', () =>
      this.setFilter({
        ...this.state.filter,
        actions: this.actionSelect.value ? [this.actionSelect.value] : undefined,
      }),
    );
    this.daysSelect.addEventListener('change', () =>
      this.setFilter({ ...this.state.filter, withinDays: Number(this.daysSelect.value) || undefined }),
    );
    this.statusSelect.addEventListener('change', () =>
      this.setFilter({
        ...this.state.filter,
        statuses: this.statusSelect.value ? [this.statusSelect.value as GalleryStatus] : undefined,
      }),
    );
    this.srefSelect.addEventListener('change', () =>
      this.setFilter({ ...this.state.filter, sref: this.srefSelect.value || undefined }),
    );
    this.starButton.addEventListener('click', () =>
      this.setFilter({ ...this.state.filter, starred: this.state.filter.starred ? undefined : true }),
    );
    this.splitButton.addEventListener('click', () => {
      this.state = { ...this.state, split: !this.state.split };
      this.syncToggles();
      this.relayout(true);
      this.save();
    });
    this.sizeInput.addEventListener('input', () => {
      this.state = { ...this.state, tileSize: Number(this.sizeInput.value) };
      this.relayout(true);
      this.save();
    });
    this.scroller.addEventListener('scroll', () => {
      this.closeMenu();
      this.schedule();
      this.saveSoon();
    });
    this.scroller.addEventListener('click', (e) => this.onClick(e));
    this.scroller.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('dragstart', (e) => this.onDragStart(e));
    this.scroller.addEventListener('focus', () => {
      if (this.layout.cells.length && (this.focus < 0 || !this.tiles.has(this.focus)))
        this.focusCell(Math.max(0, this.focus));
    });
    this.preview.addEventListener('click', () => this.closePreview());
    this.preview.addEventListener('keydown', (e) => {
      if (e.key === ' ' || e.key === 'Escape') {
        e.preventDefault();
        this.closePreview();
      }
    });
    this.menu.addEventListener('keydown', (e) => this.onMenuKey(e));
    document.addEventListener('mousedown', (e) => {
      if (!this.menu.hidden && !this.menu.contains(e.target as Node)) this.closeMenu();
    });
    if (typeof ResizeObserver !== 'undefined')
      new ResizeObserver(() => this.relayout(false)).observe(this.scroller);
    window.addEventListener('resize', () => this.relayout(false));
  }

  private setFilter(filter: GalleryFilter): void {
    this.state = { ...this.state, filter: clean(filter) };
    this.syncToggles();
    this.save();
    this.query();
  }

  private query(): void {
    this.seq++;
    this.host.postMessage({ type: 'query', seq: this.seq, filter: this.state.filter });
  }

  private fillChoices(): void {
    this.actionSelect.replaceChildren(el('option', { text: t('Any action'), attrs: { value: '' } }));
    for (const a of this.actions)
      this.actionSelect.append(el('option', { text: a.toLowerCase(), attrs: { value: a } }));
    this.actionSelect.value = this.state.filter.actions?.[0] ?? '';
    this.srefSelect.replaceChildren(el('option', { text: t('Any style reference'), attrs: { value: '' } }));
    for (const r of this.refs) {
      this.srefSelect.append(el('option', { text: r.label || r.url, attrs: { value: r.url, title: r.url } }));
    }
    this.srefSelect.value = this.state.filter.sref ?? '';
    this.srefSelect.hidden = this.refs.length === 0 && !this.state.filter.sref;
  }

  private syncToggles(): void {
    this.starButton.setAttribute('aria-pressed', String(this.state.filter.starred === true));
    this.splitButton.setAttribute('aria-pressed', String(this.state.split));
  }

  /** Shows this list (already filtered, newest first). */
  private show(list: GalleryItem[], appended = false): void {
    const focusedId = this.layout.cells[this.focus]?.item.id;
    this.shown = list;
    this.relayout(true, appended);
    const again = focusedId ? this.layout.cells.findIndex((c) => c.item.id === focusedId) : -1;
    this.focus = again;
    this.anchor = again;
    const n = list.length;
    this.count.textContent = n === 1 ? t('1 picture') : t('{0} pictures', this.countText(n));
    this.empty.textContent = n
      ? ''
      : this.items.length
        ? t('No picture matches the filter.')
        : t('No finished pictures yet. Imagine something first.');
    this.empty.hidden = n > 0;
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
  private relayout(force: boolean, appended = false): void {
    const width = this.width();
    if (!force && this.layout.columns === columnsFor(width, this.state.tileSize)) {
      if (Math.abs(this.layout.tile - tileFor(width, this.layout.columns, this.layout.gap)) < 1) return;
    }
    this.layout = buildLayout(this.shown, { width, tileSize: this.state.tileSize, split: this.state.split });
    this.sizer.style.height = `${this.layout.height}px`;
    this.root.style.setProperty('--tile', `${this.layout.tile}px`);
    if (appended) {
      for (const [row, h] of this.headers) {
        const r = this.layout.rows[row];
        if (r?.kind === 'day')
          h.lastElementChild!.textContent = r.count === 1 ? t('1 picture') : t('{0} pictures', r.count);
      }
    } else {
      for (const tile of this.tiles.values()) tile.remove();
      this.tiles.clear();
      for (const h of this.headers.values()) h.remove();
      this.headers.clear();
    }
    if (this.loaded && this.complete && this.restoreScroll !== undefined && this.shown.length) {
      this.scroller.scrollTop = Math.min(this.restoreScroll, this.layout.height);
      this.restoreScroll = undefined;
    }
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const layout = this.layout;
    const viewport = this.scroller.clientHeight || 600;
    const { first, last } = visibleRange(layout, this.scroller.scrollTop, viewport);
    const firstCell = firstCellOf(layout, first);
    const lastCell = lastCellOf(layout, last);
    for (const [cell, tile] of this.tiles) {
      if (cell < firstCell || cell >= lastCell) {
        // Never remove the focused element while it has focus: keep it until it scrolls back or moves.
        if (cell === this.focus && tile.contains(document.activeElement)) continue;
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
            el('span', { text: this.dayLabel(row.day, row.time) }),
            el('span', {
              className: 'day-count',
              text: row.count === 1 ? t('1 picture') : t('{0} pictures', row.count),
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
        const tile = this.makeTile(cell, k, row.top);
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
    for (let i = 0; i < want.length; i += WANT_MAX)
      this.host.postMessage({ type: 'want', ids: want.slice(i, i + WANT_MAX) });
    this.hooks.rendered?.(this.tiles.size);
  }

  private dayLabel(day: string, time: number): string {
    const now = Date.now();
    if (day === localDay(now)) return t('Today');
    if (day === localDay(now - 86_400_000)) return t('Yesterday');
    return this.day(time);
  }

  /** Intl only where the host sent no words (an old host, a malformed message): its first use costs. */
  private fallback(): { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat } {
    const lang = document.documentElement.lang || undefined;
    this.intl ??= {
      day: new Intl.DateTimeFormat(lang, {
        weekday: 'short',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
      }),
      time: new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }),
    };
    return this.intl;
  }

  private day(time: number): string {
    return this.words ? formatDay(this.words, time) : this.fallback().day.format(time);
  }

  private time(time: number): string {
    return this.words ? formatTime(this.words, time) : this.fallback().time.format(time);
  }

  private countText(n: number): string {
    return this.words ? formatCount(this.words, n) : n.toLocaleString();
  }

  private makeTile(cell: number, column: number, top: number): HTMLElement {
    const { item, quad } = this.layout.cells[cell]!;
    const { tile: size, gap } = this.layout;
    const label = item.prompt || item.action || item.id;
    const meta = `${item.action.toLowerCase()}${quad !== undefined ? ` ${quad + 1}/4` : ''} · ${this.time(item.time)}`;
    const tile = el(
      'div',
      {
        className: 'tile',
        attrs: {
          role: 'option',
          'aria-label': quad !== undefined ? `${label} (${quad + 1}/4)` : label,
          'aria-selected': String(this.selected.has(item.id)),
          'aria-setsize': String(this.layout.cells.length),
          'aria-posinset': String(cell + 1),
          tabindex: cell === this.focus ? '0' : '-1',
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

  private cellOf(target: EventTarget | null): number {
    const tile = (target as HTMLElement | null)?.closest?.('.tile') as HTMLElement | null;
    return tile ? Number(tile.dataset.cell) : -1;
  }

  private onClick(e: MouseEvent): void {
    const cell = this.cellOf(e.target);
    if (cell < 0) return;
    const id = this.layout.cells[cell]!.item.id;
    if (e.shiftKey && this.anchor >= 0) {
      this.select(rangeIds(this.layout, this.anchor, cell));
    } else if (e.ctrlKey || e.metaKey) {
      if (this.selected.has(id)) this.selected.delete(id);
      else this.selected.add(id);
      this.anchor = cell;
      this.syncSelection();
    } else {
      this.select([id]);
      this.anchor = cell;
      this.act('open', [id]);
    }
    this.focusCell(cell, false);
  }

  private select(ids: string[]): void {
    this.selected.clear();
    for (const id of ids) this.selected.add(id);
    this.syncSelection();
  }

  private syncSelection(): void {
    for (const [cell, tile] of this.tiles) {
      tile.setAttribute('aria-selected', String(this.selected.has(this.layout.cells[cell]!.item.id)));
    }
  }

  /** The tiles an action applies to: the selection when the tile is in it, else that tile. */
  private targets(cell: number): string[] {
    const id = this.layout.cells[cell]?.item.id;
    if (!id) return [];
    return this.selected.has(id) ? [...this.selected] : [id];
  }

  private act(action: GalleryAction, ids: string[]): void {
    if (ids.length) this.host.postMessage({ type: 'act', action, ids: ids.slice(0, ACT_MAX) });
  }

  private focusCell(cell: number, scroll = true): void {
    if (cell < 0 || cell >= this.layout.cells.length) return;
    const old = this.tiles.get(this.focus);
    if (old) old.tabIndex = -1;
    this.focus = cell;
    if (scroll) {
      const viewport = this.scroller.clientHeight || 600;
      const top = scrollToCell(this.layout, cell, this.scroller.scrollTop, viewport);
      if (top !== this.scroller.scrollTop) this.scroller.scrollTop = top;
      this.render();
    }
    const tile = this.tiles.get(cell);
    if (tile) {
      tile.tabIndex = 0;
      tile.focus({ preventScroll: true });
    }
    if (!this.preview.hidden) this.openPreview(cell);
  }

  private onKey(e: KeyboardEvent): void {
    if (NAV_KEYS.has(e.key)) {
      e.preventDefault();
      const rowsPerPage = Math.max(
        1,
        Math.floor((this.scroller.clientHeight || 600) / (this.layout.tile + this.layout.gap)),
      );
      const next = moveFocus(this.layout, this.focus, e.key as NavKey, rowsPerPage);
      if (next < 0) return;
      if (e.shiftKey) {
        if (this.anchor < 0) this.anchor = Math.max(0, this.focus);
        this.select(rangeIds(this.layout, this.anchor, next));
      } else if (!e.ctrlKey && !e.metaKey) {
        this.anchor = next;
        this.select([this.layout.cells[next]!.item.id]);
      }
      this.focusCell(next);
      return;
    }
    const cell = this.focus;
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        this.act('open', this.targets(cell));
        return;
      case ' ':
        e.preventDefault();
        if (e.ctrlKey) {
          const id = this.layout.cells[cell]?.item.id;
          if (id && this.selected.has(id)) this.selected.delete(id);
          else if (id) this.selected.add(id);
          this.syncSelection();
        } else if (this.preview.hidden) this.openPreview(cell);
        else this.closePreview();
        return;
      case 'Escape':
        this.closePreview();
        this.select([]);
        return;
      case 'Delete':
        e.preventDefault();
        this.act('delete', this.targets(cell));
        return;
      case 'ContextMenu':
      case 'F10':
        if (e.key === 'F10' && !e.shiftKey) return;
        e.preventDefault();
        this.openMenuAt(cell);
        return;
      default:
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
          e.preventDefault();
          this.select(this.shown.map((i) => i.id));
        }
    }
  }

  private openPreview(cell: number): void {
    const item = this.layout.cells[cell]?.item;
    if (!item) return;
    this.previewId = item.id;
    const src = safeSrc(item.thumb);
    if (src) this.previewImg.src = src;
    else this.previewImg.removeAttribute('src');
    this.previewImg.alt = item.prompt;
    this.previewText.textContent = `${item.prompt} · ${item.action.toLowerCase()} · ${this.day(item.time)} ${this.time(item.time)}`;
    this.preview.hidden = false;
    this.host.postMessage({ type: 'preview', id: item.id });
  }

  private closePreview(): void {
    if (this.preview.hidden) return;
    this.preview.hidden = true;
    this.previewId = undefined;
    this.tiles.get(this.focus)?.focus({ preventScroll: true });
  }

  private onContextMenu(e: MouseEvent): void {
    const cell = this.cellOf(e.target);
    if (cell < 0) return;
    e.preventDefault();
    e.stopPropagation();
    const id = this.layout.cells[cell]!.item.id;
    if (!this.selected.has(id)) {
      this.select([id]);
      this.anchor = cell;
    }
    this.focusCell(cell, false);
    this.showMenu(cell, e.clientX, e.clientY);
  }

  private openMenuAt(cell: number): void {
    const tile = this.tiles.get(cell);
    if (!tile) return;
    const r = tile.getBoundingClientRect();
    this.showMenu(cell, r.left + r.width / 2, r.top + r.height / 2);
  }

  private showMenu(cell: number, x: number, y: number): void {
    const ids = this.targets(cell);
    const allStarred = ids.every((id) => this.byId.get(id)?.starred);
    const entries: [GalleryAction, string, string][] = [
      ['open', t('Open'), 'go-to-file'],
      ['insert', t('Insert into Editor'), 'insert'],
      ['saveAs', t('Save As…'), 'save-as'],
      ['copyPrompt', t('Copy Prompt'), 'copy'],
      ['reusePrompt', t('Reuse Prompt'), 'edit'],
      ['imagePrompt', t('Use as Image Prompt'), 'file-media'],
      ['styleRef', t('Use as Style Reference'), 'paintcan'],
      allStarred ? ['unstar', t('Unstar'), 'star-empty'] : ['star', t('Star'), 'star-full'],
      ['delete', t('Delete'), 'trash'],
    ];
    const buttons = entries.map(([action, label, name]) => {
      const b = el(
        'button',
        { className: 'menu-item', attrs: { role: 'menuitem', type: 'button', tabindex: '-1' } },
        [icon(name), el('span', { text: label })],
      );
      b.addEventListener('click', () => {
        this.closeMenu();
        this.act(action, ids);
      });
      return b;
    });
    this.menu.replaceChildren(...buttons);
    this.menu.hidden = false;
    const w = this.menu.offsetWidth || 220;
    const h = this.menu.offsetHeight || 300;
    this.menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - w - 4))}px`;
    this.menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - h - 4))}px`;
    buttons[0]?.focus();
  }

  private closeMenu(): void {
    if (this.menu.hidden) return;
    const had = this.menu.contains(document.activeElement);
    this.menu.hidden = true;
    if (had) this.tiles.get(this.focus)?.focus({ preventScroll: true });
  }

  private onMenuKey(e: KeyboardEvent): void {
    const items = [...this.menu.querySelectorAll<HTMLButtonElement>('.menu-item')];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      this.closeMenu();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = items.length;
      items[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n]?.focus();
    } else if (e.key === 'Tab') {
      e.preventDefault();
    }
  }

  /** Dragging tiles into a Markdown editor: the same data the Tasks tree gives (host/tree/taskDrag.ts). */
  private onDragStart(e: DragEvent): void {
    const cell = this.cellOf(e.target);
    if (cell < 0 || !e.dataTransfer) return;
    const ids = this.targets(cell).slice(0, ACT_MAX);
    e.dataTransfer.effectAllowed = 'copy';
    e.dataTransfer.setData('application/vnd.code.tree.midjourney.tasks', JSON.stringify(ids));
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 200);
  }

  private save(): void {
    this.state = { ...this.state, scrollTop: Math.round(this.scroller.scrollTop) };
    this.host.setState(this.state);
  }
}

function toggleButton(name: string, label: string): HTMLButtonElement {
  const b = el(
    'button',
    {
      className: 'toggle',
      attrs: { type: 'button', title: label, 'aria-label': label, 'aria-pressed': 'false' },
    },
    [icon(name)],
  );
  return b;
}

function isEmpty(f: GalleryFilter): boolean {
  return (
    !f.statuses?.length && !f.actions?.length && !f.withinDays && !f.text?.trim() && !f.starred && !f.sref
  );
}

function clean(f: GalleryFilter): GalleryFilter {
  const out: GalleryFilter = {};
  if (f.statuses?.length) out.statuses = f.statuses;
  if (f.actions?.length) out.actions = f.actions;
  if (f.withinDays) out.withinDays = f.withinDays;
  if (f.text?.trim()) out.text = f.text;
  if (f.starred) out.starred = true;
  if (f.sref) out.sref = f.sref;
  return out;
}

function columnsFor(width: number, tileSize: number, gap = 8): number {
  return Math.max(1, Math.floor((width + gap) / (tileSize + gap)));
}

function tileFor(width: number, columns: number, gap: number): number {
  return Math.max(1, Math.floor((width - gap * (columns - 1)) / columns));
}

function firstCellOf(layout: Layout, row: number): number {
  for (let r = row; r < layout.rows.length; r++) {
    const x = layout.rows[r]!;
    if (x.kind === 'tiles') return x.first;
  }
  return layout.cells.length;
}

function lastCellOf(layout: Layout, rowEnd: number): number {
  for (let r = rowEnd - 1; r >= 0; r--) {
    const x = layout.rows[r]!;
    if (x.kind === 'tiles') return x.first + x.count;
  }
  return 0;
}
