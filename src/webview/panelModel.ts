/**
 * The panel's state and how messages change it. Pure: main.ts feeds it events and renders the result.
 */
import type { HostMessage, ViewTask } from '../shared/protocol';
import { safeImageSrc } from './format';

export interface PanelModel {
  /** The task id restored from the webview state: shown while the host has not answered `ready` yet. */
  restoredTaskId?: string;
  task?: ViewTask;
  /** customIds of the buttons whose action is in flight. */
  busy: readonly string[];
  /** A dismissible error line from the host. */
  error?: string;
  /** The image source that failed to load, so the panel can say so instead of showing a broken image. */
  failedImageSrc?: string;
}

/** What happens inside the panel itself. */
export type LocalEvent =
  | { type: 'clicked'; customId: string }
  | { type: 'dismissError' }
  | { type: 'imageFailed'; src: string };

export type PanelEvent = HostMessage | LocalEvent;

/** The state before the host has said anything. */
export function initialModel(restoredTaskId?: string): PanelModel {
  return { restoredTaskId, busy: [] };
}

function without(list: readonly string[], item: string): string[] {
  return list.filter((x) => x !== item);
}

/** The next state after one event. */
export function reducePanel(model: PanelModel, ev: PanelEvent): PanelModel {
  switch (ev.type) {
    case 'state': {
      const sameTask = model.task?.id === ev.task.id;
      const failed = sameTask && model.failedImageSrc === safeImageSrc(ev.task.imageSrc);
      return {
        restoredTaskId: model.restoredTaskId,
        task: ev.task,
        // A whole new state settles every action the host has finished with.
        busy: [],
        error: sameTask ? model.error : undefined,
        failedImageSrc: failed ? model.failedImageSrc : undefined,
      };
    }
    case 'busy':
      return {
        ...model,
        busy: ev.busy ? [...without(model.busy, ev.customId), ev.customId] : without(model.busy, ev.customId),
      };
    case 'clicked':
      return { ...model, busy: [...without(model.busy, ev.customId), ev.customId] };
    case 'error':
      return { ...model, error: ev.message };
    case 'dismissError':
      return { ...model, error: undefined };
    case 'imageFailed':
      return { ...model, failedImageSrc: ev.src };
    default: {
      const never: never = ev;
      return never;
    }
  }
}
