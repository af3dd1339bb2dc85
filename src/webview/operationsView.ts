/**
 * The parts of the panel's view for describe/shorten results and stalled tasks. Pure, like viewModel.ts,
 * so what the panel offers is tested without a DOM.
 */
import { t } from '../shared/l10n';
import type { ViewTask } from '../shared/protocol';

export interface PromptItemView {
  /** Position in the stored result: what the host is told (never the text). */
  index: number;
  text: string;
}

export interface PromptsView {
  taskId: string;
  /** "Suggested prompts" (describe) or "Shorter prompts" (shorten). */
  title: string;
  items: PromptItemView[];
}

export interface StalledView {
  taskId: string;
  /** Where it is stuck and what the buttons do, as one sentence (a whole sentence translates; pieces don't). */
  message: string;
}

/** The result prompts of a finished describe/shorten task, or undefined for every other task. */
export function promptsView(task: ViewTask): PromptsView | undefined {
  const prompts = task.resultPrompts ?? [];
  if (prompts.length === 0) return undefined;
  return {
    taskId: task.id,
    title: task.action.toUpperCase() === 'SHORTEN' ? t('Shorter prompts') : t('Suggested prompts'),
    items: prompts.map((text, index) => ({ index, text })),
  };
}

/** The stalled notice, while the host says the task is stalled and it still runs. */
export function stalledView(task: ViewTask): StalledView | undefined {
  if (!task.stalled || !task.running) return undefined;
  return {
    taskId: task.id,
    message:
      task.progress !== undefined
        ? t(
            'It has been at {0}% for a long time. The server may still finish it; Retry submits it again (and may be charged again).',
            task.progress,
          )
        : t(
            'It has not moved for a long time. The server may still finish it; Retry submits it again (and may be charged again).',
          ),
  };
}
