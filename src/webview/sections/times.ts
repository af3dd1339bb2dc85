/** Submitted / started / finished, relative with the exact time as a tooltip, and how long it took. */
import { t } from '../../shared/l10n';
import { h } from '../dom';
import type { TimesView } from '../viewModel';
import { defineSection } from './section';

export const timesSection = defineSection<TimesView>({
  key: 'times',
  select: (view) => view.times,
  render(data) {
    const items = data.rows.map((r) =>
      h('div', { className: 'time' }, [
        h('dt', { text: r.label }),
        h('dd', {}, [
          h('time', { text: r.relative, title: r.absolute, attrs: { 'aria-description': r.absolute } }),
        ]),
      ]),
    );
    if (data.duration) {
      items.push(
        h('div', { className: 'time' }, [h('dt', { text: t('Took') }), h('dd', { text: data.duration })]),
      );
    }
    if (data.seed) {
      items.push(
        h('div', { className: 'time seed' }, [h('dt', { text: t('Seed') }), h('dd', { text: data.seed })]),
      );
    }
    return h('section', { className: 'section times', attrs: { 'data-section': 'times' } }, [
      h('dl', { className: 'times-list' }, items),
    ]);
  },
});
