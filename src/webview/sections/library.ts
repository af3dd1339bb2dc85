/** A finished image's place in the project: Insert into Editor and Save As… (the host saves its own copy). */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { PanelView } from '../viewModel';
import { defineSection } from './section';

export interface LibraryView {
  taskId: string;
  /** Edit Image is a next step (V8: no Upscale/Zoom/Pan). */
  canEdit: boolean;
}

/** Offered only for a finished task whose final image (or its four pictures) is shown: not a preview, not a failure. */
export function libraryView(view: PanelView): LibraryView | undefined {
  const done = view.header?.kind === 'success';
  const image = view.image;
  const shown = view.pictures !== undefined || (image?.src !== undefined && !image.isPreview);
  if (!view.taskId || !done || !shown) return undefined;
  return { taskId: view.taskId, canEdit: view.canEdit === true };
}

export const librarySection = defineSection<LibraryView>({
  key: 'library',
  select: libraryView,
  render(data, ctx) {
    const { taskId } = data;
    return h('section', { className: 'section library', attrs: { 'data-section': 'library' } }, [
      h('h2', { className: 'visually-hidden', text: t('Use the image') }),
      h('div', { className: 'library-actions' }, [
        // VS Code's pair: the main action in the primary colour, the other secondary, apart like a dialog's.
        button(t('Insert into Editor'), () => ctx.post({ type: 'insertImage', taskId }), {
          className: 'library-button',
          title: t('Save the image into the workspace and link it at the cursor of the last editor'),
          focusKey: 'library-insert',
        }),
        button(t('Save As…'), () => ctx.post({ type: 'saveImageAs', taskId }), {
          className: 'secondary library-button',
          title: t('Save the image into the workspace under a name you choose'),
          focusKey: 'library-save',
        }),
        // A V8 picture has no Upscale/Zoom/Pan: editing it with a prompt is its next step.
        data.canEdit &&
          button(t('Edit Image…'), () => ctx.post({ type: 'editImage', taskId }), {
            className: 'secondary library-button',
            title: t('Change the picture with a prompt (/submit/edits)'),
            focusKey: 'library-edit',
          }),
      ]),
    ]);
  },
});
