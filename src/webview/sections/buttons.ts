/** The task's actions in one row per group (Upscale, Variations, …); a click marks the button busy. */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { ButtonGroupView } from '../viewModel';
import { defineSection } from './section';

export const buttonsSection = defineSection<{ groups: ButtonGroupView[]; taskId: string }>({
  key: 'buttons',
  select: (view) => (view.buttons && view.taskId ? { groups: view.buttons, taskId: view.taskId } : undefined),
  render(data, ctx) {
    const taskId = data.taskId;
    const groups = data.groups.map((g) => {
      const titleId = `group-${g.group}`;
      const buttons = g.buttons.map((b) => {
        const el = button(
          b.text,
          () => {
            if (b.busy) return;
            ctx.dispatch({ type: 'clicked', customId: b.customId });
            ctx.post({ type: 'action', taskId, customId: b.customId });
          },
          {
            className: b.busy ? 'action-button busy' : 'action-button',
            title: b.title,
            focusKey: `action:${b.customId}`,
          },
        );
        // The codicon font draws the family's icon; the text stays the button's name for screen readers.
        if (b.icon)
          el.prepend(h('span', { className: `codicon codicon-${b.icon}`, attrs: { 'aria-hidden': 'true' } }));
        el.disabled = b.busy;
        if (b.busy) el.setAttribute('aria-busy', 'true');
        return el;
      });
      return h('div', { className: `group group-${g.group}` }, [
        h('h3', { className: 'group-title', text: g.title, attrs: { id: titleId } }),
        h(
          'div',
          { className: 'group-buttons', attrs: { role: 'group', 'aria-labelledby': titleId } },
          buttons,
        ),
      ]);
    });
    return h('section', { className: 'section buttons', attrs: { 'data-section': 'buttons' } }, [
      h('h2', { className: 'visually-hidden', text: t('Actions') }),
      ...groups,
    ]);
  },
});
