/** A running task that has not moved for a long time: say so, and offer Refresh, Retry and Cancel. */
import { t } from '../../shared/l10n';
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
        h('strong', { text: t('This task seems stuck') }),
        h('div', { className: 'muted', text: data.message }),
        h('div', { className: 'notice-actions' }, [
          button(t('Refresh'), () => ctx.post({ type: 'refresh', taskId }), {
            className: 'secondary small',
            title: t('Ask the server about this task now'),
            focusKey: 'stalled-refresh',
          }),
          button(t('Retry'), () => ctx.post({ type: 'retry', taskId }), {
            className: 'secondary small',
            title: t('Submit this task again (asks first)'),
            focusKey: 'stalled-retry',
          }),
          button(t('Cancel'), () => ctx.post({ type: 'cancel', taskId }), {
            className: 'secondary small',
            title: t('Ask the server to stop this task'),
            focusKey: 'stalled-cancel',
          }),
        ]),
      ],
    );
  },
});
