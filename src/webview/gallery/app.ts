/**
 * The gallery's page: a toolbar (search and the tree's filter), a virtualized grid of tiles grouped by day,
 * a large preview and a context menu. Talks to the host only through galleryProtocol.ts. Only the rows
 * the scroll position shows (plus half a screen around them) exist as elements.
 */
import { t } from '../../shared/l10n';
import type {
  GalleryAction,
  GalleryFilter,
  GalleryHostMessage,
  GalleryItem,
  GalleryMessage,
  GalleryViewState,
  StyleRefView,
} from '../../shared/galleryProtocol';
import { ACT_MAX, WANT_MAX } from '../../shared/galleryProtocol';
import type { Layout } from './gridModel';
import { isNavKey, moveFocus, rangeIds, scrollToCell } from './gridModel';
import { GalleryGrid } from './grid';
import { GalleryMenu } from './menu';
import { GalleryPreview } from './preview';
import { cleanFilter, GalleryToolbar, isEmptyFilter } from './toolbar';
import { GalleryWords, picturesText } from './words';

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

export class GalleryApp {
  private items: GalleryItem[] = [];
  private readonly byId = new Map<string, GalleryItem>();
  private shown: GalleryItem[] = [];
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
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** How dates and counts are written. */
  private readonly words = new GalleryWords();

  readonly toolbar: HTMLElement;
  readonly scroller: HTMLElement;
  private readonly grid: GalleryGrid;
  private readonly bar: GalleryToolbar;
  private readonly preview: GalleryPreview;
  private readonly menu: GalleryMenu;

  constructor(
    root: HTMLElement,
    private readonly host: GalleryHost,
    private state: GalleryViewState,
    private readonly hooks: GalleryHooks = {},
  ) {
    this.restoreScroll = state.scrollTop;

    this.bar = new GalleryToolbar(state, {
      filter: (change) => this.setFilter({ ...this.state.filter, ...change }),
      starred: () =>
        this.setFilter({ ...this.state.filter, starred: this.state.filter.starred ? undefined : true }),
      split: () => {
        this.state = { ...this.state, split: !this.state.split };
        this.bar.syncToggles(this.state);
        this.grid.relayout(true);
        this.save();
      },
      tileSize: (size) => {
        this.state = { ...this.state, tileSize: size };
        this.grid.relayout(true);
        this.save();
      },
      leave: () => this.focusCell(Math.max(0, this.focus)),
    });
    this.toolbar = this.bar.element;
    this.grid = new GalleryGrid(root, this.words, {
      shown: () => this.shown,
      view: () => this.state,
      focus: () => this.focus,
      isSelected: (id) => this.selected.has(id),
      restoreScroll: () => {
        if (!this.loaded || !this.complete || this.restoreScroll === undefined || !this.shown.length)
          return undefined;
        const top = this.restoreScroll;
        this.restoreScroll = undefined;
        return top;
      },
      want: (ids) => {
        for (let i = 0; i < ids.length; i += WANT_MAX)
          this.host.postMessage({ type: 'want', ids: ids.slice(i, i + WANT_MAX) });
      },
      rendered: (tiles) => this.hooks.rendered?.(tiles),
    });
    this.scroller = this.grid.scroller;
    this.preview = new GalleryPreview(this.words, {
      opened: (id) => this.host.postMessage({ type: 'preview', id }),
      closed: () => this.tiles.get(this.focus)?.focus({ preventScroll: true }),
    });
    this.menu = new GalleryMenu({
      act: (action, ids) => this.act(action, ids),
      refocus: () => this.tiles.get(this.focus)?.focus({ preventScroll: true }),
    });
    root.append(this.toolbar, this.scroller, this.preview.element, this.menu.element);
    this.bar.syncToggles(this.state);
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
        this.grid.refreshPictures(new Set(msg.thumbs.map((th) => th.id)));
        return;
      case 'full':
        this.preview.showFull(msg.id, msg.src);
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
      this.grid.forgetWanted();
    }
    for (const it of msg.items) {
      this.items.push(it);
      this.byId.set(it.id, it);
    }
    this.words.use(msg.dates);
    this.complete = msg.complete;
    this.actions = msg.actions;
    this.refs = msg.refs;
    if (!msg.append) this.bar.fillChoices(this.actions, this.refs, this.state.filter);
    if (isEmptyFilter(this.state.filter)) {
      this.loaded = true;
      this.show(this.items, msg.append === true);
    } else if (msg.complete) this.query();
  }

  private get layout(): Layout {
    return this.grid.layout;
  }

  private get tiles(): ReadonlyMap<number, HTMLElement> {
    return this.grid.tiles;
  }

  /** Every element of the grid: for tests and the benchmark. */
  liveTiles(): number {
    return this.tiles.size;
  }

  private wire(): void {
    this.scroller.addEventListener('scroll', () => {
      this.menu.close();
      this.grid.schedule();
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
  }

  private setFilter(filter: GalleryFilter): void {
    this.state = { ...this.state, filter: cleanFilter(filter) };
    this.bar.syncToggles(this.state);
    this.save();
    this.query();
  }

  private query(): void {
    this.seq++;
    this.host.postMessage({ type: 'query', seq: this.seq, filter: this.state.filter });
  }

  /** Shows this list (already filtered, newest first). */
  private show(list: GalleryItem[], appended = false): void {
    const focusedId = this.layout.cells[this.focus]?.item.id;
    this.shown = list;
    this.grid.relayout(true, appended);
    const again = focusedId ? this.layout.cells.findIndex((c) => c.item.id === focusedId) : -1;
    this.focus = again;
    this.anchor = again;
    const n = list.length;
    this.bar.showCount(picturesText(n, this.words.count(n)));
    this.grid.showEmpty(
      n
        ? ''
        : this.items.length
          ? t('No picture matches the filter.')
          : t('No finished pictures yet. Imagine something first.'),
      n > 0,
    );
  }

  private onClick(e: MouseEvent): void {
    const cell = this.grid.cellOf(e.target);
    if (cell < 0) return;
    const id = this.layout.cells[cell]!.item.id;
    if (e.shiftKey && this.anchor >= 0) {
      this.select(rangeIds(this.layout, this.anchor, cell));
    } else if (e.ctrlKey || e.metaKey) {
      if (this.selected.has(id)) this.selected.delete(id);
      else this.selected.add(id);
      this.anchor = cell;
      this.grid.syncSelection();
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
    this.grid.syncSelection();
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
      this.grid.render();
    }
    const tile = this.tiles.get(cell);
    if (tile) {
      tile.tabIndex = 0;
      tile.focus({ preventScroll: true });
    }
    if (this.preview.isOpen) this.openPreview(cell);
  }

  private onKey(e: KeyboardEvent): void {
    if (isNavKey(e.key)) {
      e.preventDefault();
      const rowsPerPage = Math.max(
        1,
        Math.floor((this.scroller.clientHeight || 600) / (this.layout.tile + this.layout.gap)),
      );
      const next = moveFocus(this.layout, this.focus, e.key, rowsPerPage);
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
          this.grid.syncSelection();
        } else if (!this.preview.isOpen) this.openPreview(cell);
        else this.preview.close();
        return;
      case 'Escape':
        this.preview.close();
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
    this.preview.open(item);
  }

  private onContextMenu(e: MouseEvent): void {
    const cell = this.grid.cellOf(e.target);
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
    this.menu.show(ids, allStarred, x, y);
  }

  /** Dragging tiles into a Markdown editor: the same data the Tasks tree gives (host/tree/taskDrag.ts). */
  private onDragStart(e: DragEvent): void {
    const cell = this.grid.cellOf(e.target);
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
