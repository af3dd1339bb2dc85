/**
 * A finished grid's four pictures as the server sent them separately (trueai `imageUrls`), two by two, each
 * with its own actions: the grid's U n / V n buttons (the same customIds; on V8 Vary Subtle and Strong) and,
 * where offered, Edit. A press marks the button busy like the action rows do.
 */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { PicturesView } from '../viewModel';
import { defineSection } from './section';

export const picturesSection = defineSection<PicturesView>({
  key: 'pictures',
  select: (view) => view.pictures,
  render(data, ctx) {
    const { taskId } = data;
    const figures = data.pictures.map((p) => {
      const img = h('img', { className: 'picture-image', attrs: { alt: p.alt } });
      img.decoding = 'async';
      img.referrerPolicy = 'no-referrer';
      img.addEventListener('error', () => ctx.dispatch({ type: 'imageFailed', src: p.src }));
      img.src = p.src;
      const actions = p.buttons.map((b) => {
        const key = b.strong === undefined ? b.customId : `${b.customId}#${b.strong ? 'strong' : 'subtle'}`;
        const el = button(
          b.text,
          () => {
            if (b.busy) return;
            ctx.dispatch({ type: 'clicked', customId: b.customId });
            ctx.post({
              type: 'action',
              taskId,
              customId: b.customId,
              ...(b.strong !== undefined ? { strong: b.strong } : {}),
            });
          },
          {
            className: b.busy ? 'action-button busy' : 'action-button',
            title: b.title,
            focusKey: `picture:${key}`,
          },
        );
        el.disabled = b.busy;
        return el;
      });
      if (data.canEdit) {
        actions.push(
          button(t('Edit…'), () => ctx.post({ type: 'editImage', taskId, picture: p.index }), {
            className: 'secondary small',
            title: t('Edit this picture with a prompt'),
            focusKey: `picture-edit:${p.index}`,
          }),
        );
      }
      return h('figure', { className: 'picture', attrs: { 'data-picture': String(p.index) } }, [
        p.failed ? h('div', { className: 'image-empty', text: t('Image unavailable') }) : img,
        h('figcaption', { className: 'picture-caption' }, [
          h('span', { className: 'picture-number', text: t('Picture {0}', p.index) }),
          h('div', { className: 'picture-actions', attrs: { role: 'group' } }, actions),
        ]),
      ]);
    });
    return h('section', { className: 'section pictures', attrs: { 'data-section': 'pictures' } }, [
      h('h2', { className: 'visually-hidden', text: t('The four pictures') }),
      h('div', { className: 'picture-grid' }, figures),
    ]);
  },
});
