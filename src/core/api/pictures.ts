/**
 * The model a task ran on and the four pictures of a grid (API.md "Midjourney in late 2026"). A V8 task has
 * no Upscale, Zoom or Pan: its next steps are Vary (V1-V4, Strong or Subtle through `strong`) and Edit
 * (/submit/edits). trueai sends a grid's four pictures as separate images (`imageUrls`); each picture gets the
 * buttons that name its number (U2, V2 for picture 2), the same customIds the grid's buttons carry.
 * Pure: no `vscode`, no I/O.
 */
import { t } from '../../shared/l10n';
import type { ViewButton } from '../../shared/protocol';
import type { Task } from '../model/types';

/** The model's major number from trueai's `version`, else the prompt's own `--v`/`--version`; niji → undefined. */
export function modelMajor(
  task: Partial<Pick<Task, 'version' | 'prompt' | 'finalPrompt'>>,
): number | undefined {
  const fromField = /^\s*v?(\d+)(?:\.\d+)?\s*$/i.exec(task.version ?? '');
  if (fromField) return Number(fromField[1]);
  for (const text of [task.finalPrompt, task.prompt]) {
    if (!text) continue;
    if (/(?:^|\s)--niji\b/.test(text)) return undefined;
    const m = /(?:^|\s)--(?:v|version)\s+(\d+)(?:\.\d+)?(?=\s|$)/.exec(text);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** V8 and later: no Upscale, Zoom or Pan. A task that names no version is not assumed to be one. */
export function isV8Task(task: Partial<Pick<Task, 'version' | 'prompt' | 'finalPrompt'>>): boolean {
  return (modelMajor(task) ?? 0) >= 8;
}

/** The separate pictures of a finished grid (http(s) only, at most 4), when the server sent them. */
export function pictureUrls(task: Pick<Task, 'status' | 'imageUrls'>): string[] {
  if (task.status !== 'SUCCESS') return [];
  const urls = (task.imageUrls ?? []).filter((u) => /^https?:\/\//i.test(u)).slice(0, 4);
  return urls.length >= 2 ? urls : [];
}

/** The number a U/V button is about (`MJ::JOB::upsample::3::…` → 3), if it is one. */
function pictureNumber(customId: string): number | undefined {
  const m = /^MJ::JOB::(?:upsample|variation)::([1-4])::/.exec(customId);
  return m ? Number(m[1]) : undefined;
}

/**
 * The actions of picture `n` (1-4): the grid's own buttons for that number (U n, V n, or our /submit/change
 * pseudo-buttons where the server sent none), same customIds. On a V8 task V n is offered twice, as
 * Vary (Subtle) and Vary (Strong) (trueai's `strong`).
 */
export function pictureButtons(
  task: Partial<Pick<Task, 'version' | 'prompt' | 'finalPrompt'>>,
  gridButtons: readonly ViewButton[],
  n: number,
): ViewButton[] {
  const v8 = isV8Task(task);
  return gridButtons.flatMap((b): ViewButton[] => {
    const own = b.viaChange ? /^change:(?:UPSCALE|VARIATION):(\d)$/.exec(b.customId)?.[1] : undefined;
    if ((own !== undefined ? Number(own) : pictureNumber(b.customId)) !== n) return [];
    if (v8 && b.group === 'variation') {
      return [
        { ...b, label: t('Vary (Subtle)'), emoji: '', group: 'vary', strong: false },
        { ...b, label: t('Vary (Strong)'), emoji: '', group: 'vary', strong: true },
      ];
    }
    return [b];
  });
}
