/**
 * The prompts of a describe or shorten result, each with Copy, Insert (at the cursor of the last text
 * editor) and Imagine. Only the index goes to the host: it reads the text from its own copy of the task.
 */
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
          button('Imagine', () => use('imagine'), {
            className: 'small',
            title: `Make images from prompt ${n}`,
            focusKey: `prompt-imagine-${item.index}`,
            attrs: { 'aria-label': `Imagine prompt ${n}` },
          }),
          button('Copy', () => use('copy'), {
            className: 'secondary small',
            title: `Copy prompt ${n} to the clipboard`,
            focusKey: `prompt-copy-${item.index}`,
            attrs: { 'aria-label': `Copy prompt ${n}` },
          }),
          button('Insert', () => use('insert'), {
            className: 'secondary small',
            title: `Insert prompt ${n} at the cursor of the last text editor`,
            focusKey: `prompt-insert-${item.index}`,
            attrs: { 'aria-label': `Insert prompt ${n}` },
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
