/**
 * A section is one block of the panel (header, progress, image, buttons, …), one module each, so a new
 * block (the Vary Region mask painter) is one new module plus one line in render.ts.
 */
import type { WebviewMessage } from '../../shared/protocol';
import type { LocalEvent } from '../panelModel';
import type { PanelView } from '../viewModel';

/** What a section may do besides drawing. */
export interface SectionContext {
  /** Sends a message to the host. */
  post(msg: WebviewMessage): void;
  /** Changes the panel's own state (busy buttons, dismissed errors, failed images). */
  dispatch(ev: LocalEvent): void;
}

export interface Section<T> {
  /** Stable name; also the element's `data-section`. */
  key: string;
  /** The part of the view this section shows; undefined hides the section. */
  select(view: PanelView): T | undefined;
  /**
   * Draws the section. Called only when `select` returned something different from last time.
   * `previous` is the element drawn last time: return it (updated) to keep it, or a new one to replace it.
   */
  render(data: T, ctx: SectionContext, previous: HTMLElement | undefined): HTMLElement;
}

/** Hides a section's data type so sections of different types can sit in one list. */
export interface AnySection {
  key: string;
  signature(view: PanelView): string | undefined;
  render(view: PanelView, ctx: SectionContext, previous: HTMLElement | undefined): HTMLElement;
}

/** Wraps a typed section for the renderer; its signature is its data as JSON (view data is plain). */
export function defineSection<T>(section: Section<T>): AnySection {
  return {
    key: section.key,
    signature: (view) => {
      const data = section.select(view);
      return data === undefined ? undefined : JSON.stringify(data);
    },
    render: (view, ctx, previous) => {
      const data = section.select(view);
      if (data === undefined) throw new Error(`section ${section.key} rendered without data`);
      return section.render(data, ctx, previous);
    },
  };
}
