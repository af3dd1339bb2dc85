/**
 * The webview is rebuilt whenever its tab is hidden, so the painter keeps its work (the painted
 * operations and the edited prompt) in the webview state, next to the task id main.ts keeps there, and
 * takes it back for the same task and picture size. The state is read back as untrusted data.
 */
import type { MaskOp, Size } from './maskModel';
import { parseDraftOps } from './maskModel';
import { vscodeApi } from './vscodeApi';

const FIELD = 'maskDraft';

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function draftOf(taskId: string): Rec | undefined {
  const state: unknown = vscodeApi().getState();
  const draft = isRec(state) ? state[FIELD] : undefined;
  return isRec(draft) && draft.taskId === taskId ? draft : undefined;
}

/** The saved operations of this task's mask, when they were drawn on a picture of the same size. */
export function readDraftOps(taskId: string, size: Size): MaskOp[] | undefined {
  const d = draftOf(taskId);
  if (!d || d.width !== size.width || d.height !== size.height) return undefined;
  return parseDraftOps(d.ops, size);
}

/** The prompt as the user last edited it for this task. */
export function readDraftPrompt(taskId: string): string | undefined {
  const p = draftOf(taskId)?.prompt;
  return typeof p === 'string' && p.length <= 6000 ? p : undefined;
}

/** Saves part of this task's draft; a draft of another task is replaced. */
export function saveDraft(
  taskId: string,
  part: { size: Size; ops: readonly MaskOp[] } | { prompt: string },
): void {
  const api = vscodeApi();
  const state: unknown = api.getState();
  const base = isRec(state) ? state : {};
  const old = draftOf(taskId) ?? { taskId };
  const next =
    'prompt' in part
      ? { ...old, prompt: part.prompt }
      : { ...old, width: part.size.width, height: part.size.height, ops: part.ops };
  api.setState({ ...base, [FIELD]: next });
}
