/**
 * Our own task model: what every server dialect is normalised into where it enters (see dto.ts).
 * Nothing here depends on `vscode`; the host and the webview use the same shapes.
 */

/** The statuses servers send. Unknown values are kept as they are (`string`), never dropped. */
export type KnownStatus =
  | 'NOT_START'
  | 'SUBMITTED'
  | 'IN_PROGRESS'
  | 'SUCCESS'
  | 'FAILURE'
  | 'MODAL'
  | 'CANCEL'
  /** A relay's row before its first sync with the upstream server. */
  | '';
export type TaskStatus = KnownStatus | (string & {});

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['SUCCESS', 'FAILURE', 'CANCEL']);

/** True when the server will not change the task any more. */
export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/** True while the server is working (or will): the poller keeps asking about these. MODAL waits for the user. */
export function isRunning(status: TaskStatus): boolean {
  return !isFinal(status) && status !== 'MODAL';
}

/** One button of a finished task, as the server offered it; `customId` goes back verbatim to /submit/action. */
export interface TaskButton {
  customId: string;
  label: string;
  emoji: string;
  /** Discord style: 2 grey, 3 green/active. */
  style: number;
}

/** A task as the server last described it, normalised. */
export interface Task {
  /** Always a string, whatever the server sent. */
  id: string;
  /** IMAGINE, UPSCALE, VARIATION, … Unknown values kept. */
  action: string;
  status: TaskStatus;
  prompt: string;
  promptEn: string;
  description: string;
  state: string;
  /** Epoch ms, when known. */
  submitTime?: number;
  startTime?: number;
  finishTime?: number;
  /** Preview while IN_PROGRESS, the final image at SUCCESS. Untrusted text: only http(s) is ever loaded. */
  imageUrl?: string;
  /** Extra image URLs some servers send (TA `imageUrls`). */
  imageUrls?: string[];
  videoUrl?: string;
  videoUrls?: string[];
  /** 0-100, or undefined when the server sent "" or null. */
  progress?: number;
  failReason?: string;
  buttons: TaskButton[];
  /** Prompt the server actually ran (or pre-filled for a MODAL task). */
  finalPrompt?: string;
  botType?: string;
  seed?: string;
  /** The model the server says it ran ("8.1", "7"; trueai's `version`), when it says. */
  version?: string;
}

/** Body of /submit/change. */
export type ChangeAction = 'UPSCALE' | 'VARIATION' | 'REROLL';

/** Blend output shape. */
export type BlendDimensions = 'PORTRAIT' | 'SQUARE' | 'LANDSCAPE';

/** Which server family the client talks to; changes a few behaviours (see API.md "dialects"). */
export type AuthHeaderStyle = 'Authorization' | 'mj-api-secret';

/** What a successful submit told us. */
export interface SubmitResult {
  /** The server's return code after normalisation: 1 accepted, 22 queued, 21 modal/existing. */
  code: number;
  /** The new task's id (for code 21 with a MODAL task: the MODAL task's id). */
  taskId: string;
  description: string;
  /** Position in the queue when code 22. */
  queuePosition?: number;
  /** True when the server is waiting for /submit/modal (code 21, or a relay's code 1 with a MODAL task). */
  needsModal: boolean;
  /** For a modal: the prompt the server pre-filled. */
  finalPrompt?: string;
  /** Every property the server sent, as is (untrusted). */
  properties: Record<string, unknown>;
}
