/**
 * The gallery's context menu: what can be done with the tiles it was opened on, as buttons the arrow keys
 * move through. Escape, a click elsewhere or a chosen entry closes it.
 */
import type { GalleryAction } from '../../shared/galleryProtocol';
import { t } from '../../shared/l10n';
import { el, icon } from './dom';

export interface MenuEvents {
  /** An entry was chosen for these ids (the menu is closed already). */
  act(action: GalleryAction, ids: string[]): void;
  /** The menu closed while it had the focus: give it back to the grid. */
  refocus(): void;
}

export class GalleryMenu {
  readonly element: HTMLElement;

  constructor(private readonly events: MenuEvents) {
    this.element = el('div', { className: 'menu', attrs: { role: 'menu', hidden: '' } });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('mousedown', (e) => {
      if (!this.element.hidden && !this.element.contains(e.target as Node)) this.close();
    });
  }

  /** Opens at (x, y), kept inside the window, for these ids; Star turns to Unstar when all are starred. */
  show(ids: string[], allStarred: boolean, x: number, y: number): void {
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
        this.close();
        this.events.act(action, ids);
      });
      return b;
    });
    const menu = this.element;
    menu.replaceChildren(...buttons);
    menu.hidden = false;
    const w = menu.offsetWidth || 220;
    const h = menu.offsetHeight || 300;
    menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - w - 4))}px`;
    menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - h - 4))}px`;
    buttons[0]?.focus();
  }

  close(): void {
    if (this.element.hidden) return;
    const had = this.element.contains(document.activeElement);
    this.element.hidden = true;
    if (had) this.events.refocus();
  }

  private onKey(e: KeyboardEvent): void {
    const items = [...this.element.querySelectorAll<HTMLButtonElement>('.menu-item')];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = items.length;
      items[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n]?.focus();
    } else if (e.key === 'Tab') {
      e.preventDefault();
    }
  }
}
