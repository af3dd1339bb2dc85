/**
 * The parts of the panel's view for describe/shorten results and stalled tasks. Pure, like viewModel.ts,
 * so what the panel offers is tested without a DOM.
 */
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
  progressText: string;
}

/** The result prompts of a finished describe/shorten task, or undefined for every other task. */
export function promptsView(t: ViewTask): PromptsView | undefined {
  const prompts = t.resultPrompts ?? [];
  if (prompts.length === 0) return undefined;
  return {
    taskId: t.id,
    title: t.action.toUpperCase() === 'SHORTEN' ? 'Shorter prompts' : 'Suggested prompts',
    items: prompts.map((text, index) => ({ index, text })),
  };
}

/** The stalled notice, while the host says the task is stalled and it still runs. */
export function stalledView(t: ViewTask): StalledView | undefined {
  if (!t.stalled || !t.running) return undefined;
  return {
    taskId: t.id,
    progressText: t.progress !== undefined ? `It has been at ${t.progress}%` : 'It has not moved',
  };
}
