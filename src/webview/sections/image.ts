/**
 * The result image (or the live preview). The <img> element is kept while its src stays the same, so
 * polling does not make it flicker; a new preview is loaded off-screen and swapped in once it has arrived.
 */
import { t } from '../../shared/l10n';
import { h, setChildren } from '../dom';
import type { ImageView } from '../viewModel';
import type { AnySection, SectionContext } from './section';
import { defineSection } from './section';

/** One image section per panel; it owns the <img> elements between renders. */
export function createImageSection(): AnySection {
  let shown: HTMLImageElement | undefined;
  let pending: HTMLImageElement | undefined;
  let src: string | undefined;
  const frame = h('div', { className: 'image-frame' });

  function makeImg(url: string, ctx: SectionContext): HTMLImageElement {
    const img = h('img', { className: 'result-image' });
    img.decoding = 'async';
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('load', () => {
      if (img !== pending) return;
      shown?.replaceWith(img);
      img.classList.remove('pending');
      shown = img;
      pending = undefined;
    });
    img.addEventListener('error', () => {
      if (img === shown || img === pending) ctx.dispatch({ type: 'imageFailed', src: url });
    });
    img.src = url;
    return img;
  }

  return defineSection<ImageView>({
    key: 'image',
    select: (view) => view.image,
    render(data, ctx, previous) {
      const root =
        previous ?? h('section', { className: 'section image', attrs: { 'data-section': 'image' } });
      if (data.src !== src) {
        src = data.src;
        pending?.remove();
        pending = undefined;
        if (data.src !== undefined) {
          const next = makeImg(data.src, ctx);
          // Keep the old picture up until the new one has loaded (previews change on every poll).
          if (shown && shown.complete && shown.naturalWidth > 0) {
            next.classList.add('pending');
            pending = next;
          } else {
            shown = next;
          }
        } else {
          shown = undefined;
        }
      }
      const visible = data.src !== undefined && !data.failed;
      for (const img of [shown, pending]) if (img) img.alt = data.alt;
      const badge =
        data.isPreview && visible && h('span', { className: 'preview-badge', text: t('Preview') });
      const children: (Node | false | undefined)[] = visible
        ? [shown, pending, badge]
        : [
            h('div', {
              className: 'image-empty',
              text: data.failed ? t('Image unavailable') : data.emptyText,
            }),
          ];
      setChildren(
        frame,
        children.filter((c): c is Node => c !== undefined && c !== false),
      );
      frame.classList.toggle('empty', !visible);
      frame.classList.toggle('is-preview', visible && data.isPreview);
      const parts: Node[] = [frame];
      if (data.failed)
        parts.push(
          h('p', {
            className: 'image-error',
            text: t('The image link has expired or is unreachable.'),
            attrs: { role: 'alert' },
          }),
        );
      setChildren(root, parts);
      return root;
    },
  });
}
