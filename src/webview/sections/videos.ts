/**
 * The clips of a video task, each played inline from its local copy with Extend (low / high motion) and
 * Save. Only the clip's index goes to the host: it acts on its own stored task.
 */
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
            'Extend (Low motion)',
            () => ctx.post({ type: 'extendVideo', taskId, index: item.index, motion: 'low' }),
            {
              className: 'small',
              title: `Continue clip ${n} with low motion`,
              focusKey: `clip-extend-low-${item.index}`,
            },
          ),
          button(
            'Extend (High motion)',
            () => ctx.post({ type: 'extendVideo', taskId, index: item.index, motion: 'high' }),
            {
              className: 'small',
              title: `Continue clip ${n} with high motion`,
              focusKey: `clip-extend-high-${item.index}`,
            },
          ),
          button('Save…', () => ctx.post({ type: 'saveVideo', taskId, index: item.index }), {
            className: 'secondary small',
            title: `Save clip ${n} as a file`,
            focusKey: `clip-save-${item.index}`,
          }),
        ]),
      ]);
    });
    return h('section', { className: 'section videos', attrs: { 'data-section': 'videos' } }, [
      h('h2', { text: 'Videos' }),
      data.missing > 0 &&
        h('p', {
          className: 'videos-missing',
          text: `${data.missing} clip${data.missing === 1 ? ' is' : 's are'} still downloading or could not be saved.`,
        }),
      h('div', { className: 'video-clips' }, figures),
    ]);
  },
});
