/** Status badge, what the task is in our words, task id, the server's own words folded, Refresh, and links to the task's ancestors. */
import { t } from '../../shared/l10n';
import { button, h, sentence } from '../dom';
import type { HeaderView } from '../viewModel';
import { defineSection } from './section';

export const headerSection = defineSection<HeaderView>({
  key: 'header',
  select: (view) => view.header,
  render(data, ctx) {
    const taskId = data.taskId;
    const top = h('div', { className: 'header-row' }, [
      h('span', { className: `badge badge-${data.kind}`, text: data.statusLabel }),
      data.headline && h('span', { className: 'action headline', text: data.headline }),
      data.byAgent && h('span', { className: 'badge badge-agent', text: t('Agent') }),
      h('span', { className: 'spacer' }),
      data.canRefresh &&
        button(t('Refresh'), () => ctx.post({ type: 'refresh', taskId }), {
          className: 'secondary small',
          title: t('Ask the server about this task now'),
          focusKey: 'refresh',
        }),
    ]);
    const meta = h('div', { className: 'meta' }, [
      ...sentence(t('Task {0}'), h('span', { className: 'task-id', text: taskId })),
    ]);
    // The server's own text (a customId, "提交成功") is for who needs it: folded, never the headline.
    const details =
      data.details.length > 0 &&
      h('details', { className: 'server-details' }, [
        h('summary', { text: t('What the server said') }),
        h(
          'dl',
          {},
          data.details.flatMap((d) => [h('dt', { text: d.label }), h('dd', { text: d.value })]),
        ),
      ]);
    // Every generation (imagine → U2 → zoom → vary), oldest first; the last link is the direct parent.
    const lineage = data.lineage;
    const parent = lineage
      ? h(
          'nav',
          { className: 'lineage', attrs: { 'aria-label': t('Made from') } },
          sentence(
            t('From {0}'),
            h(
              'span',
              { className: 'lineage-links' },
              lineage.flatMap((link, i) => [
                i > 0 ? ' › ' : '',
                button(link.label, () => ctx.post({ type: 'openTask', taskId, ancestorId: link.id }), {
                  className: i === lineage.length - 1 ? 'link parent' : 'link ancestor',
                  title: t('Open this task'),
                  focusKey: `lineage:${link.id}`,
                }),
              ]),
            ),
          ),
        )
      : data.parentLabel !== undefined &&
        button(t('From {0}', data.parentLabel), () => ctx.post({ type: 'openParent', taskId }), {
          className: 'link parent',
          title: t('Open the task this one was made from'),
          focusKey: 'parent',
        });
    return h('header', { className: 'section header', attrs: { 'data-section': 'header' } }, [
      top,
      meta,
      details,
      parent,
    ]);
  },
});
