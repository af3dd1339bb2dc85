/** A running task that has not moved for a long time: say so, and offer Refresh, Retry and Cancel. */
import { button, h } from '../dom';
import type { StalledView } from '../operationsView';
import { defineSection } from './section';

export const stalledSection = defineSection<StalledView>({
  key: 'stalled',
  select: (view) => view.stalled,
  render(data, ctx) {
    const { taskId } = data;
    return h(
      'section',
      { className: 'section notice stalled', attrs: { 'data-section': 'stalled', role: 'note' } },
      [
        h('strong', { text: 'This task seems stuck' }),
        h('div', {
          className: 'muted',
          text: `${data.progressText} for a long time. The server may still finish it; Retry submits it again (and may be charged again).`,
        }),
        h('div', { className: 'notice-actions' }, [
          button('Refresh', () => ctx.post({ type: 'refresh', taskId }), {
            className: 'secondary small',
            title: 'Ask the server about this task now',
            focusKey: 'stalled-refresh',
          }),
          button('Retry', () => ctx.post({ type: 'retry', taskId }), {
            className: 'secondary small',
            title: 'Submit this task again (asks first)',
            focusKey: 'stalled-retry',
          }),
          button('Cancel', () => ctx.post({ type: 'cancel', taskId }), {
            className: 'secondary small',
            title: 'Ask the server to stop this task',
            focusKey: 'stalled-cancel',
          }),
        ]),
      ],
    );
  },
});
