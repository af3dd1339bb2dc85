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
  /** The codicon of a known family, shown instead of the server's emoji (then `emoji` is empty). */
  icon?: ButtonIcon;
  /** Sent with the press as trueai's `strong`: Vary (Strong) true, Vary (Subtle) false. */
  strong?: boolean;
}

/** One of a grid's pictures served on its own (trueai `imageUrls`), with the actions about it. */
export interface ViewPicture {
  /** 1-4, as U1-U4 count. */
  index: number;
  /** A webview URI for its local copy, or its http(s) URL. */
  src: string;
  buttons: ViewButton[];
}

/**
 * The codicons a panel button may show (src/core/api/buttons.ts picks one per known family). The webview
 * accepts only these names, since a name becomes a class of an element.
 */
export const BUTTON_ICONS = [
  'screen-full',
  'refresh',
  'wand',
  'paintcan',
  'zoom-out',
  'primitive-square',
  'arrow-left',
  'arrow-right',
  'arrow-up',
  'arrow-down',
  'device-camera-video',
  'debug-continue',
] as const;

export type ButtonIcon = (typeof BUTTON_ICONS)[number];

/** The button groups, in the order the panel shows them (and anywhere else buttons are listed). */
export const BUTTON_GROUP_ORDER = [
  'upscale',
  'variation',
  'reroll',
  'vary',
  'zoom',
  'pan',
  'video',
  'other',
] as const;
export type ButtonGroup = (typeof BUTTON_GROUP_ORDER)[number];

/** A task as the panel shows it: plain data, all server text untrusted (rendered with textContent only). */
export interface ViewTask {
  id: string;
  action: string;
  /** What the task is, in our words ("Upscale of image 1 from “a fox”"): the header's main line. */
  headline?: string;
  /** The server's id of the button the task came from (MJ::JOB::upsample::1::…), for the header's details. */
  customId?: string;
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
  /** Every ancestor, oldest first (imagine → U2 → zoom …), each a link in the header. */
  lineage?: LineageLink[];
  /** The prompts of a finished describe/shorten task, read from the stored task. */
  resultPrompts?: string[];
  /** The image seed, once the user fetched it (Copy Seed). */
  seed?: string;
  /** A running task whose progress has not moved for `midjourney.stallAfterSeconds`. */
  stalled?: boolean;
  /** Set while the task is a Vary Region waiting for its mask: the panel shows the mask painter. */
  painter?: PainterInfo;
  /** A finished grid whose pictures the server sent separately: each with its own actions. */
  pictures?: ViewPicture[];
  /** Edit Image (/submit/edits) is a next step of this finished task (V8: instead of Upscale/Zoom/Pan). */
  canEdit?: boolean;
  /** A finished video task: how many clips the server made, and those with a local copy (webview URIs). */
  videoCount?: number;
  videos?: { src: string; index: number }[];
  /** Who asked for it when not the user: 'agent' (a Language Model Tool or the MCP server). */
  by?: 'agent';
}

/** One ancestor of the panel's task. */
export interface LineageLink {
  id: string;
  label: string;
}

/** Ancestors sent at most (the oldest are kept: the chain starts at the original prompt). */
export const LINEAGE_MAX = 20;

/** What the Vary Region painter needs: the picture to paint over (the parent's) and the prompt to start from. */
export interface PainterInfo {
  /** The parent's image, a webview URI or an http(s) URL. The mask gets its natural pixel size. */
  imageSrc: string;
  prompt: string;
}

/** What a describe/shorten result prompt can be used for in the panel. */
export type PromptUse = 'copy' | 'insert' | 'imagine';
const PROMPT_USES: readonly string[] = ['copy', 'insert', 'imagine'];
/** Describe gives 4 prompts, shorten 5; a little room for servers that send more. */
export const RESULT_PROMPTS_MAX = 10;

/** Host → webview. After `ready`, the host always sends the whole state. */
export type HostMessage =
  | { type: 'state'; task: ViewTask }
  | { type: 'busy'; customId: string; busy: boolean }
  | { type: 'error'; message: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'action'; taskId: string; customId: string; strong?: boolean }
  /** Edit the finished picture (`picture` 1-4: one of its separate pictures) with a prompt (/submit/edits). */
  | { type: 'editImage'; taskId: string; picture?: number }
  | { type: 'retry'; taskId: string }
  | { type: 'refresh'; taskId: string }
  | { type: 'copyPrompt'; taskId: string }
  | { type: 'openParent'; taskId: string }
  /** Open an ancestor of the panel's task (lineage link); the host checks it is one. */
  | { type: 'openTask'; taskId: string; ancestorId: string }
  /** Cancel a running task (Stalled notice). */
  | { type: 'cancel'; taskId: string }
  /** Use prompt `index` of the task's describe/shorten result; the host reads the text from its own copy. */
  | { type: 'usePrompt'; taskId: string; index: number; how: PromptUse }
  /** Save the finished image into the workspace and link it at the cursor of the last Markdown editor. */
  | { type: 'insertImage'; taskId: string }
  /** Save the finished image into the workspace under a name the user picks. */
  | { type: 'saveImageAs'; taskId: string }
  /** Vary Region: the painted mask (a PNG data URL, white = repaint) and the edited prompt. */
  | { type: 'submitMask'; taskId: string; prompt: string; maskDataUrl: string }
  /** Extend clip `index` (0-3) of the video task; the host checks the clip exists on its stored task. */
  | { type: 'extendVideo'; taskId: string; index: number; motion: 'low' | 'high' }
  /** Save clip `index` of the video task under a name the user picks (from the host's local copy). */
  | { type: 'saveVideo'; taskId: string; index: number };

/** Clips per video task: servers make 4. */
export const VIDEO_CLIPS_MAX = 4;

/** The `busy` key of the painter's Submit button (server customIds never look like this). */
export const MASK_SUBMIT_KEY = 'painter:submit';

/** What the webview keeps across hide/show and reloads (vscode.setState). */
export interface PanelState {
  taskId: string;
}

const ID_RE = /^[\w.:-]{1,128}$/;
const CUSTOM_ID_MAX = 512;
/** Limits of a Vary Region submit: a mask of a 4096 px image stays far below 8 MB as a two-colour PNG. */
export const MASK_DATA_URL_MAX = 8 * 1024 * 1024;
export const PROMPT_MAX = 6000;
const MASK_PREFIX = 'data:image/png;base64,';
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/** True for `data:image/png;base64,` followed by well-formed base64 only, within MASK_DATA_URL_MAX. */
export function isPngDataUrl(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > MASK_DATA_URL_MAX || !v.startsWith(MASK_PREFIX)) return false;
  const data = v.slice(MASK_PREFIX.length);
  return data.length > 0 && data.length % 4 === 0 && BASE64_RE.test(data);
}

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
      if (typeof m.strong === 'boolean')
        return { type: 'action', taskId: m.taskId, customId: m.customId, strong: m.strong };
      return { type: 'action', taskId: m.taskId, customId: m.customId };
    case 'editImage': {
      if (!isId(m.taskId)) return undefined;
      const p = m.picture;
      if (p === undefined) return { type: 'editImage', taskId: m.taskId };
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 4) return undefined;
      return { type: 'editImage', taskId: m.taskId, picture: p };
    }
    case 'retry':
    case 'refresh':
    case 'copyPrompt':
    case 'openParent':
      if (!isId(m.taskId)) return undefined;
      return { type: m.type, taskId: m.taskId };
    case 'cancel':
      if (!isId(m.taskId)) return undefined;
      return { type: 'cancel', taskId: m.taskId };
    case 'openTask':
      if (!isId(m.taskId) || !isId(m.ancestorId)) return undefined;
      return { type: 'openTask', taskId: m.taskId, ancestorId: m.ancestorId };
    case 'usePrompt': {
      const { index, how } = m;
      if (!isId(m.taskId) || typeof how !== 'string' || !PROMPT_USES.includes(how)) return undefined;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= RESULT_PROMPTS_MAX) {
        return undefined;
      }
      return { type: 'usePrompt', taskId: m.taskId, index, how: how as PromptUse };
    }
    case 'insertImage':
    case 'saveImageAs':
      // The host reads the image from its own stored task: no path or URL is taken from the webview.
      if (!isId(m.taskId)) return undefined;
      return { type: m.type, taskId: m.taskId };
    case 'submitMask':
      if (!isId(m.taskId) || typeof m.prompt !== 'string' || m.prompt.length > PROMPT_MAX) return undefined;
      if (!isPngDataUrl(m.maskDataUrl)) return undefined;
      return { type: 'submitMask', taskId: m.taskId, prompt: m.prompt, maskDataUrl: m.maskDataUrl };
    case 'extendVideo':
    case 'saveVideo': {
      const { index, motion } = m;
      if (!isId(m.taskId) || typeof index !== 'number' || !Number.isInteger(index)) return undefined;
      if (index < 0 || index >= VIDEO_CLIPS_MAX) return undefined;
      if (m.type === 'saveVideo') return { type: 'saveVideo', taskId: m.taskId, index };
      if (motion !== 'low' && motion !== 'high') return undefined;
      return { type: 'extendVideo', taskId: m.taskId, index, motion };
    }
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
