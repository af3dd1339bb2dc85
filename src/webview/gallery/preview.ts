/**
 * The gallery's large preview: a dialog over the grid with the picture and its prompt, action and time. It
 * shows the thumbnail at once and swaps in the full picture when the host sends it (`full`).
 */
import type { GalleryItem } from '../../shared/galleryProtocol';
import { el, safeSrc } from './dom';
import type { GalleryWords } from './words';

export interface PreviewEvents {
  /** The preview shows this picture now: the host is asked for the full one. */
  opened(id: string): void;
  /** The preview was closed: focus goes back to the grid. */
  closed(): void;
}

export class GalleryPreview {
  readonly element: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly text: HTMLElement;
  /** The picture shown, while open. */
  private id: string | undefined;

  constructor(
    private readonly words: GalleryWords,
    private readonly events: PreviewEvents,
  ) {
    this.img = el('img', { attrs: { alt: '' } });
    this.text = el('p', { className: 'preview-prompt' });
    this.element = el(
      'div',
      { className: 'preview', attrs: { role: 'dialog', 'aria-modal': 'true', hidden: '' } },
      [this.img, this.text],
    );
    this.element.addEventListener('click', () => this.close());
    this.element.addEventListener('keydown', (e) => {
      if (e.key === ' ' || e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(item: GalleryItem): void {
    this.id = item.id;
    const src = safeSrc(item.thumb);
    if (src) this.img.src = src;
    else this.img.removeAttribute('src');
    this.img.alt = item.prompt;
    this.text.textContent = `${item.prompt} · ${item.action.toLowerCase()} · ${this.words.day(item.time)} ${this.words.time(item.time)}`;
    this.element.hidden = false;
    this.events.opened(item.id);
  }

  close(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.id = undefined;
    this.events.closed();
  }

  /** The host's full picture, if it is still the one shown. */
  showFull(id: string, src: string): void {
    if (id !== this.id) return;
    const safe = safeSrc(src);
    if (safe) this.img.src = safe;
  }
}
