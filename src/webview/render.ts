/**
 * Puts the sections on the page in order and redraws only those whose data changed, so polling
 * updates touch the progress bar and nothing else. Keeps keyboard focus on the same control when a
 * section is rebuilt (or when a busy button becomes enabled again).
 */
import { buttonsSection } from './sections/buttons';
import { errorSection, loadingSection } from './sections/errorLine';
import { failureSection } from './sections/failure';
import { headerSection } from './sections/header';
import { createImageSection } from './sections/image';
import { librarySection } from './sections/library';
import { picturesSection } from './sections/pictures';
import { createMaskPainterSection } from './sections/maskPainter';
import { noticeSection } from './sections/notice';
import { progressSection } from './sections/progress';
import { promptSection } from './sections/prompt';
import { promptsSection } from './sections/prompts';
import { stalledSection } from './sections/stalled';
import type { AnySection, SectionContext } from './sections/section';
import { timesSection } from './sections/times';
import { videosSection } from './sections/videos';
import type { PanelView } from './viewModel';

/** The panel from top to bottom. A new section (the Vary Region mask painter) is one more entry. */
export function panelSections(): AnySection[] {
  return [
    errorSection,
    loadingSection,
    headerSection,
    noticeSection,
    stalledSection,
    progressSection,
    failureSection,
    promptSection,
    promptsSection,
    createImageSection(),
    picturesSection,
    librarySection,
    createMaskPainterSection(),
    videosSection,
    buttonsSection,
    timesSection,
  ];
}

interface Drawn {
  signature: string;
  el: HTMLElement;
}

function focusKeyOf(el: Element | null): string | undefined {
  return el instanceof HTMLElement ? el.dataset.focusKey : undefined;
}

/** Returns a function that brings `root` up to date with a view. */
export function createRenderer(
  root: HTMLElement,
  sections: readonly AnySection[],
  ctx: SectionContext,
): (view: PanelView) => void {
  const drawn = new Map<string, Drawn>();
  // The control that had focus when a redraw removed or disabled it; cleared once focus is back.
  let wanted: string | undefined;

  function focusIsElsewhere(): boolean {
    const active = document.activeElement;
    return active !== null && active !== document.body;
  }

  function restoreFocus(): void {
    if (wanted === undefined) return;
    if (!focusIsElsewhere()) {
      for (const el of root.querySelectorAll<HTMLElement>('[data-focus-key]')) {
        if (el.dataset.focusKey === wanted && !(el as HTMLButtonElement).disabled) {
          el.focus();
          break;
        }
      }
    }
    // Still lost (the button is busy): try again on the next redraw.
    if (focusIsElsewhere()) wanted = undefined;
  }

  return (view) => {
    const active = document.activeElement;
    if (active && root.contains(active)) wanted = focusKeyOf(active) ?? wanted;
    let index = 0;
    for (const section of sections) {
      const signature = section.signature(view);
      const old = drawn.get(section.key);
      if (signature === undefined) {
        old?.el.remove();
        drawn.delete(section.key);
        continue;
      }
      let el = old?.el;
      if (!old || old.signature !== signature) {
        el = section.render(view, ctx, old?.el);
        drawn.set(section.key, { signature, el });
      }
      if (!el) continue;
      // Insert only when out of place: moving the element that holds focus would blur it.
      const at = root.children[index];
      if (at !== el) {
        if (old && old.el !== el && old.el.parentNode === root) old.el.replaceWith(el);
        else root.insertBefore(el, at ?? null);
      }
      index++;
    }
    restoreFocus();
  };
}
