/**
 * What a task is, in the user's words, for the panel's header and the notifications: "Upscale of image 1 from
 * “a fox”" rather than the server's `/action 17961… MJ::JOB::upsample::1::…` or its "提交成功". Pure.
 */
import { t } from '../../shared/l10n';
import { nameFromCustomId, parseChangeId } from '../api/buttons';
import { promptLabel } from '../prompts/prompt';
import type { TaskRecord } from './record';

type Rec = Pick<TaskRecord, 'task' | 'origin'>;

/** A parent as a quoted short prompt ("“a fox in the snow”"), or its id when it has no prompt. */
export function parentName(parent: Pick<TaskRecord, 'task'>): string {
  return `“${promptLabel(parent.task.prompt || parent.task.id, 40)}”`;
}

/** The word for a task that was not made from another one, by the server's action. */
function actionWord(rec: Rec): string {
  switch (rec.task.action.toUpperCase()) {
    case 'IMAGINE':
      return t('Imagine');
    case 'BLEND':
      return t('Blend');
    case 'DESCRIBE':
      return t('Describe');
    case 'SHORTEN':
      return t('Shorten');
    case 'EDITS':
    case 'EDIT':
      return t('Edit');
    case 'VIDEO':
      return t('Animate');
    default:
      return rec.origin.label || rec.task.action || t('Task');
  }
}

/** The index a customId or a `change:` pseudo id names for `family` (upsample, variation, …), if any. */
function indexOf(
  customId: string,
  family: 'upsample' | 'variation' | 'video_virtual_upscale',
): string | undefined {
  const change = parseChangeId(customId);
  if (change) {
    if (family === 'upsample' && change.action === 'UPSCALE') return String(change.index);
    if (family === 'variation' && change.action === 'VARIATION') return String(change.index);
    return undefined;
  }
  const parts = customId.split('::').map((s) => s.toLowerCase());
  const i = parts.indexOf(family);
  const n = i >= 0 ? parts[i + 1] : undefined;
  return n !== undefined && /^\d+$/.test(n) ? n : undefined;
}

/**
 * The panel header's line: "Upscale of image 1 from “a fox”", "Variations of image 3 from …", "Zoom Out 2x of …",
 * "Imagine". `parent` is the task it was made from, when it is still in the list.
 */
export function taskHeadline(rec: Rec, parent?: Pick<TaskRecord, 'task'>): string {
  const customId = rec.origin.customId;
  if (!customId) {
    // A video extend, a blend, an imagine…: the origin's own word, with the parent when there is one.
    const word = rec.origin.kind === 'video' && rec.origin.label ? rec.origin.label : actionWord(rec);
    return parent ? t('{0} of {1}', word, parentName(parent)) : word;
  }
  const from = parent ? parentName(parent) : undefined;
  const upscale = indexOf(customId, 'upsample');
  if (upscale !== undefined)
    return from ? t('Upscale of image {0} from {1}', upscale, from) : t('Upscale of image {0}', upscale);
  const variation = indexOf(customId, 'variation');
  if (variation !== undefined)
    return from
      ? t('Variations of image {0} from {1}', variation, from)
      : t('Variations of image {0}', variation);
  const clip = indexOf(customId, 'video_virtual_upscale');
  if (clip !== undefined)
    return from ? t('Upscale of clip {0} from {1}', clip, from) : t('Upscale of clip {0}', clip);
  const change = parseChangeId(customId);
  const name =
    change?.action === 'REROLL'
      ? t('Reroll')
      : (nameFromCustomId(customId) ?? rec.origin.label ?? actionWord(rec));
  return from ? t('{0} of {1}', name, from) : name;
}

/**
 * The short name of a task made from another, for a notification: "U1 of “a fox”", "Reroll of “a fox”"; undefined
 * for a task that was not (its prompt names it).
 */
export function childName(rec: Rec, parent: Pick<TaskRecord, 'task'> | undefined): string | undefined {
  if (!parent) return undefined;
  const label = rec.origin.label?.trim() || (rec.origin.customId && nameFromCustomId(rec.origin.customId));
  return label ? t('{0} of {1}', label, parentName(parent)) : undefined;
}
