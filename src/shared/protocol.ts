/**
 * The one message protocol between the result panel's webview script and the host.
 * No runtime dependencies: the host and the webview bundle both import it. The host receives
 * `unknown` from the webview and accepts it only through `parseWebviewMessage`.
 */

/** A button as the panel shows it. `group` decides where it sits. */
export interface ViewButton {
  customId: string;
  label: string;
  emoji: string;
  group: ButtonGroup;
  /** True for buttons the server did not send: U1-U4/V1-V4/reroll through /submit/change. */
  viaChange: boolean;
}

export type ButtonGroup = 'upscale' | 'variation' | 'reroll' | 'vary' | 'zoom' | 'pan' | 'other';

/** A task as the panel shows it: plain data, all server text untrusted (rendered with textContent only). */
export interface ViewTask {
  id: string;
  action: string;
  status: string;
  /** Our words for the status ("Running", "Done", …). */
  statusLabel: string;
  /** True while the server still works on it. */
  running: boolean;
  progress?: number;
  prompt: string;
  finalPrompt?: string;
  description: string;
  failReason?: string;
  submitTime?: number;
  startTime?: number;
  finishTime?: number;
  /** A webview URI for the local copy, or an http(s) URL; undefined when nothing can be shown. */
  imageSrc?: string;
  /** True when imageSrc is a low-resolution preview of a running task. */
  isPreview: boolean;
  buttons: ViewButton[];
  parentId?: string;
  parentLabel?: string;
}

/** Host → webview. After `ready`, the host always sends the whole state. */
export type HostMessage =
  | { type: 'state'; task: ViewTask }
  | { type: 'busy'; customId: string; busy: boolean }
  | { type: 'error'; message: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'action'; taskId: string; customId: string }
  | { type: 'retry'; taskId: string }
  | { type: 'refresh'; taskId: string }
  | { type: 'copyPrompt'; taskId: string }
  | { type: 'openParent'; taskId: string };

/** What the webview keeps across hide/show and reloads (vscode.setState). */
export interface PanelState {
  taskId: string;
}

const ID_RE = /^[\w.:-]{1,128}$/;
const CUSTOM_ID_MAX = 512;

function isId(v: unknown): v is string {
  return typeof v === 'string' && ID_RE.test(v);
}

/**
 * Validates a message from the webview. Returns undefined for anything that is not exactly one of
 * the allowed shapes; extra fields are dropped.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'action':
      if (!isId(m.taskId)) return undefined;
      if (typeof m.customId !== 'string' || m.customId.length === 0 || m.customId.length > CUSTOM_ID_MAX) {
        return undefined;
      }
      return { type: 'action', taskId: m.taskId, customId: m.customId };
    case 'retry':
    case 'refresh':
    case 'copyPrompt':
    case 'openParent':
      if (!isId(m.taskId)) return undefined;
      return { type: m.type, taskId: m.taskId };
    default:
      return undefined;
  }
}

/** Validates a restored panel state (it comes back from the webview, so it is untrusted too). */
export function parsePanelState(raw: unknown): PanelState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as Record<string, unknown>).taskId;
  return isId(id) ? { taskId: id } : undefined;
}

/**
 * Whether a validated message may act in the panel showing `panelTaskId`: `ready` always, everything else
 * only when it names that panel's own task, so one panel's webview can never act on another task.
 */
export function isForPanel(msg: WebviewMessage, panelTaskId: string): boolean {
  return msg.type === 'ready' || msg.taskId === panelTaskId;
}
