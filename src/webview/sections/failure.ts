/** A failed or cancelled task: the server's reason and a Retry button (the host asks before submitting). */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { FailureView } from '../viewModel';
import { defineSection } from './section';

export const failureSection = defineSection<FailureView & { taskId: string }>({
  key: 'failure',
  select: (view) => (view.failure && view.taskId ? { ...view.failure, taskId: view.taskId } : undefined),
  render(data, ctx) {
    const taskId = data.taskId;
    return h(
      'section',
      { className: 'section failure', attrs: { 'data-section': 'failure', role: 'alert' } },
      [
        h('div', { className: 'failure-title', text: data.title }),
        data.reason && h('div', { className: 'failure-reason', text: data.reason }),
        h('div', { className: 'row' }, [
          button(t('Retry…'), () => ctx.post({ type: 'retry', taskId }), {
            title: t('Submit the same request again (you will be asked first)'),
            focusKey: 'retry',
          }),
        ]),
      ],
    );
  },
});
