/** A finished image's place in the project: Insert into Editor and Save As… (the host saves its own copy). */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { PanelView } from '../viewModel';
import { defineSection } from './section';

export interface LibraryView {
  taskId: string;
}

/** Offered only for a finished task whose final image is shown (not a preview, not a failure). */
export function libraryView(view: PanelView): LibraryView | undefined {
  const done = view.header?.kind === 'success';
  const image = view.image;
  if (!view.taskId || !done || !image?.src || image.isPreview) return undefined;
  return { taskId: view.taskId };
}

export const librarySection = defineSection<LibraryView>({
  key: 'library',
  select: libraryView,
  render(data, ctx) {
    const { taskId } = data;
    return h('section', { className: 'section library', attrs: { 'data-section': 'library' } }, [
      h('h2', { className: 'visually-hidden', text: t('Use the image') }),
      h('div', { className: 'library-actions' }, [
        button(t('Insert into Editor'), () => ctx.post({ type: 'insertImage', taskId }), {
          className: 'secondary small',
          title: t('Save the image into the workspace and link it at the cursor of the last editor'),
          focusKey: 'library-insert',
        }),
        button(t('Save As…'), () => ctx.post({ type: 'saveImageAs', taskId }), {
          className: 'secondary small',
          title: t('Save the image into the workspace under a name you choose'),
          focusKey: 'library-save',
        }),
      ]),
    ]);
  },
});
