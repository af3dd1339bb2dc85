/** An error the host reported (an action the server refused, a network problem): shown until dismissed. */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import { defineSection } from './section';

export const errorSection = defineSection<string>({
  key: 'error',
  select: (view) => view.error,
  render(message, ctx) {
    return h(
      'section',
      { className: 'section error-line', attrs: { 'data-section': 'error', role: 'alert' } },
      [
        h('span', { className: 'error-text', text: message }),
        button(t('Dismiss'), () => ctx.dispatch({ type: 'dismissError' }), {
          className: 'secondary small',
          focusKey: 'dismiss',
        }),
      ],
    );
  },
});

/** Shown until the host's first state arrives. */
export const loadingSection = defineSection<string>({
  key: 'loading',
  select: (view) => (view.taskId === undefined ? view.loadingText : undefined),
  render(text) {
    return h('section', { className: 'section loading', attrs: { 'data-section': 'loading' } }, [
      h('div', { className: 'bar indeterminate', attrs: { 'aria-hidden': 'true' } }, [
        h('div', { className: 'bar-fill' }),
      ]),
      h('p', { className: 'muted', text }),
    ]);
  },
});
