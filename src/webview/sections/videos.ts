/**
 * The clips of a video task, each played inline from its local copy with Extend (low / high motion) and
 * Save. Only the clip's index goes to the host: it acts on its own stored task.
 */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { VideosView } from '../videosView';
import { defineSection } from './section';

export const videosSection = defineSection<VideosView>({
  key: 'videos',
  select: (view) => view.videos,
  render(data, ctx) {
    const { taskId } = data;
    const figures = data.items.map((item) => {
      const n = item.index + 1;
      const video = h('video', {
        className: 'clip',
        attrs: { src: item.src, 'data-index': String(item.index), 'aria-label': item.label },
      });
      video.controls = true;
      video.loop = true;
      video.muted = true;
      // Clips are small local files: load them whole so the first frame shows instead of a spinner.
      video.preload = 'auto';
      return h('figure', { className: 'video-clip', attrs: { 'data-index': String(item.index) } }, [
        video,
        h('figcaption', { text: item.label }),
        h('div', { className: 'clip-actions' }, [
          button(
            t('Extend (Low motion)'),
            () => ctx.post({ type: 'extendVideo', taskId, index: item.index, motion: 'low' }),
            {
              className: 'small',
              title: t('Continue clip {0} with low motion', n),
              focusKey: `clip-extend-low-${item.index}`,
            },
          ),
          button(
            t('Extend (High motion)'),
            () => ctx.post({ type: 'extendVideo', taskId, index: item.index, motion: 'high' }),
            {
              className: 'small',
              title: t('Continue clip {0} with high motion', n),
              focusKey: `clip-extend-high-${item.index}`,
            },
          ),
          button(t('Save…'), () => ctx.post({ type: 'saveVideo', taskId, index: item.index }), {
            className: 'secondary small',
            title: t('Save clip {0} as a file', n),
            focusKey: `clip-save-${item.index}`,
          }),
        ]),
      ]);
    });
    return h('section', { className: 'section videos', attrs: { 'data-section': 'videos' } }, [
      h('h2', { text: t('Videos') }),
      data.missing > 0 &&
        h('p', {
          className: 'videos-missing',
          text:
            data.missing === 1
              ? t('1 clip is still downloading or could not be saved.')
              : t('{0} clips are still downloading or could not be saved.', data.missing),
        }),
      h('div', { className: 'video-clips' }, figures),
    ]);
  },
});
