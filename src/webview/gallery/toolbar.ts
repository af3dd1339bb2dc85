/**
 * The gallery's toolbar: the search box, the tree's filters (action, date, status, style reference, starred),
 * the four-pictures toggle, the tile size and the count. It holds no state of its own: it shows the view
 * state it is given and reports each change the user makes to the app, which owns the state.
 */
import { t } from '../../shared/l10n';
import type {
  GalleryFilter,
  GalleryStatus,
  GalleryViewState,
  StyleRefView,
} from '../../shared/galleryProtocol';
import { TILE_MAX, TILE_MIN } from '../../shared/galleryProtocol';
import { statusGroupLabel } from '../../shared/statusWords';
import { el, icon } from './dom';

/** The toolbar's date choices (days; 0: any time). */
const DAYS = [0, 1, 7, 30, 365];
const STATUS_CHOICES: GalleryStatus[] = ['done', 'running', 'waiting', 'failed'];

/** What the user did in the toolbar. */
export interface ToolbarEvents {
  /** One field of the filter changed (the others stay). */
  filter(change: GalleryFilter): void;
  /** The Starred only toggle was pressed. */
  starred(): void;
  /** The four-pictures toggle was pressed. */
  split(): void;
  tileSize(size: number): void;
  /** ArrowDown or Enter in the search box: on to the grid. */
  leave(): void;
}

export class GalleryToolbar {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly actionSelect: HTMLSelectElement;
  private readonly daysSelect: HTMLSelectElement;
  private readonly statusSelect: HTMLSelectElement;
  private readonly srefSelect: HTMLSelectElement;
  private readonly starButton: HTMLButtonElement;
  private readonly splitButton: HTMLButtonElement;
  private readonly sizeInput: HTMLInputElement;

  constructor(state: GalleryViewState, events: ToolbarEvents) {
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
    this.element = el(
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
    this.wire(events);
  }

  private wire(events: ToolbarEvents): void {
    let typing: ReturnType<typeof setTimeout> | undefined;
    this.search.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => events.filter({ text: this.search.value || undefined }), 60);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'Enter') {
        e.preventDefault();
        events.leave();
      }
    });
    this.actionSelect.addEventListener('change', () =>
      events.filter({ actions: this.actionSelect.value ? [this.actionSelect.value] : undefined }),
    );
    this.daysSelect.addEventListener('change', () =>
      events.filter({ withinDays: Number(this.daysSelect.value) || undefined }),
    );
    this.statusSelect.addEventListener('change', () =>
      events.filter({
        statuses: this.statusSelect.value ? [this.statusSelect.value as GalleryStatus] : undefined,
      }),
    );
    this.srefSelect.addEventListener('change', () =>
      events.filter({ sref: this.srefSelect.value || undefined }),
    );
    this.starButton.addEventListener('click', () => events.starred());
    this.splitButton.addEventListener('click', () => events.split());
    this.sizeInput.addEventListener('input', () => events.tileSize(Number(this.sizeInput.value)));
  }

  /** The action and style-reference choices, from the host's lists. */
  fillChoices(actions: readonly string[], refs: readonly StyleRefView[], filter: GalleryFilter): void {
    this.actionSelect.replaceChildren(el('option', { text: t('Any action'), attrs: { value: '' } }));
    for (const a of actions)
      this.actionSelect.append(el('option', { text: a.toLowerCase(), attrs: { value: a } }));
    this.actionSelect.value = filter.actions?.[0] ?? '';
    this.srefSelect.replaceChildren(el('option', { text: t('Any style reference'), attrs: { value: '' } }));
    for (const r of refs) {
      this.srefSelect.append(el('option', { text: r.label || r.url, attrs: { value: r.url, title: r.url } }));
    }
    this.srefSelect.value = filter.sref ?? '';
    this.srefSelect.hidden = refs.length === 0 && !filter.sref;
  }

  syncToggles(state: GalleryViewState): void {
    this.starButton.setAttribute('aria-pressed', String(state.filter.starred === true));
    this.splitButton.setAttribute('aria-pressed', String(state.split));
  }

  showCount(text: string): void {
    this.count.textContent = text;
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

/** True when the filter lets every picture through (the first items need no query then). */
export function isEmptyFilter(f: GalleryFilter): boolean {
  return (
    !f.statuses?.length && !f.actions?.length && !f.withinDays && !f.text?.trim() && !f.starred && !f.sref
  );
}

/** The filter without its empty fields, as it is saved and sent. */
export function cleanFilter(f: GalleryFilter): GalleryFilter {
  const out: GalleryFilter = {};
  if (f.statuses?.length) out.statuses = f.statuses;
  if (f.actions?.length) out.actions = f.actions;
  if (f.withinDays) out.withinDays = f.withinDays;
  if (f.text?.trim()) out.text = f.text;
  if (f.starred) out.starred = true;
  if (f.sref) out.sref = f.sref;
  return out;
}
