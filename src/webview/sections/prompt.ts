/** The prompt as submitted, the prompt the server actually ran when different, and Copy. */
import { t } from '../../shared/l10n';
import { button, h } from '../dom';
import type { PromptView } from '../viewModel';
import { defineSection } from './section';

export const promptSection = defineSection<PromptView & { taskId: string }>({
  key: 'prompt',
  select: (view) => (view.prompt && view.taskId ? { ...view.prompt, taskId: view.taskId } : undefined),
  render(data, ctx) {
    const taskId = data.taskId;
    return h('section', { className: 'section prompt', attrs: { 'data-section': 'prompt' } }, [
      h('div', { className: 'section-head' }, [
        h('h2', { text: t('Prompt') }),
        data.canCopy &&
          button(t('Copy'), () => ctx.post({ type: 'copyPrompt', taskId }), {
            className: 'secondary small',
            title: t('Copy the prompt to the clipboard'),
            focusKey: 'copy',
          }),
      ]),
      h('p', { className: 'prompt-text', text: data.prompt || t('(empty)') }),
      data.finalPrompt !== undefined && h('h3', { text: t('As the server ran it') }),
      data.finalPrompt !== undefined && h('p', { className: 'prompt-text final', text: data.finalPrompt }),
    ]);
  },
});
