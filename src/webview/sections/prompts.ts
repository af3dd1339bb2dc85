/**
 * The prompts of a describe or shorten result, each with Copy, Insert (at the cursor of the last text
 * editor) and Imagine. Only the index goes to the host: it reads the text from its own copy of the task.
 */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { PromptsView } from '../operationsView';
import { defineSection } from './section';

export const promptsSection = defineSection<PromptsView>({
  key: 'prompts',
  select: (view) => view.prompts,
  render(data, ctx) {
    const { taskId } = data;
    const items = data.items.map((item) => {
      const n = item.index + 1;
      const use = (how: 'copy' | 'insert' | 'imagine'): void =>
        ctx.post({ type: 'usePrompt', taskId, index: item.index, how });
      return h('li', { className: 'result-prompt', attrs: { 'data-index': String(item.index) } }, [
        h('p', { className: 'prompt-text', text: item.text }),
        h('div', { className: 'prompt-actions' }, [
          button(t('Imagine'), () => use('imagine'), {
            className: 'small',
            title: t('Make images from prompt {0}', n),
            focusKey: `prompt-imagine-${item.index}`,
            attrs: { 'aria-label': t('Imagine prompt {0}', n) },
          }),
          button(t('Copy'), () => use('copy'), {
            className: 'secondary small',
            title: t('Copy prompt {0} to the clipboard', n),
            focusKey: `prompt-copy-${item.index}`,
            attrs: { 'aria-label': t('Copy prompt {0}', n) },
          }),
          button(t('Insert'), () => use('insert'), {
            className: 'secondary small',
            title: t('Insert prompt {0} at the cursor of the last text editor', n),
            focusKey: `prompt-insert-${item.index}`,
            attrs: { 'aria-label': t('Insert prompt {0}', n) },
          }),
        ]),
      ]);
    });
    return h('section', { className: 'section prompts', attrs: { 'data-section': 'prompts' } }, [
      h('h2', { text: data.title }),
      h('ol', { className: 'result-prompts' }, items),
    ]);
  },
});
