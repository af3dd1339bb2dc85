/**
 * Reads what the host posts. The host is ours, but the panel must never crash on a malformed or
 * half-written message (an older host after an update, a bug): anything unexpected is normalised or dropped.
 */
import { t } from '../shared/l10n';
import { BUTTON_GROUP_ORDER, BUTTON_ICONS, LINEAGE_MAX } from '../shared/protocol';
import type { LineageLink } from '../shared/protocol';
import { RESULT_PROMPTS_MAX, VIDEO_CLIPS_MAX } from '../shared/protocol';
import type {
  ButtonGroup,
  ButtonIcon,
  HostMessage,
  PainterInfo,
  ViewButton,
  ViewPicture,
  ViewTask,
} from '../shared/protocol';

const GROUPS: ReadonlySet<string> = new Set(BUTTON_GROUP_ORDER);

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function optStr(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function toButton(v: unknown): ViewButton | undefined {
  if (!isRec(v) || typeof v.customId !== 'string' || v.customId.length === 0) return undefined;
  const group = typeof v.group === 'string' && GROUPS.has(v.group) ? (v.group as ButtonGroup) : 'other';
  // Only a name from the list: it becomes a class of an element.
  const icon = (BUTTON_ICONS as readonly unknown[]).includes(v.icon) ? (v.icon as ButtonIcon) : undefined;
  return {
    customId: v.customId,
    label: str(v.label),
    emoji: icon ? '' : str(v.emoji),
    group,
    viaChange: v.viaChange === true,
    ...(icon ? { icon } : {}),
    ...(typeof v.strong === 'boolean' ? { strong: v.strong } : {}),
  };
}

/** A grid's separate pictures: index 1-4 and a non-empty src each; at most four. */
function toPictures(v: unknown): ViewPicture[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v
    .filter(
      (x): x is Rec =>
        isRec(x) &&
        typeof x.src === 'string' &&
        x.src.length > 0 &&
        Number.isInteger(x.index) &&
        (x.index as number) >= 1 &&
        (x.index as number) <= 4,
    )
    .slice(0, 4)
    .map((x) => ({
      index: x.index as number,
      src: x.src as string,
      buttons: Array.isArray(x.buttons)
        ? x.buttons.map(toButton).filter((b): b is ViewButton => b !== undefined)
        : [],
    }));
  return out.length ? out : undefined;
}

/** Clips: a non-empty src and a whole index each; at most VIDEO_CLIPS_MAX. */
function toVideos(v: unknown): ViewTask['videos'] {
  if (!Array.isArray(v)) return undefined;
  return v
    .filter(
      (x): x is { src: string; index: number } =>
        isRec(x) && typeof x.src === 'string' && x.src.length > 0 && Number.isInteger(x.index),
    )
    .slice(0, VIDEO_CLIPS_MAX)
    .map((x) => ({ src: x.src, index: x.index }));
}

function toPainter(v: unknown): PainterInfo | undefined {
  if (!isRec(v) || typeof v.imageSrc !== 'string' || v.imageSrc.length === 0) return undefined;
  return { imageSrc: v.imageSrc, prompt: str(v.prompt) };
}

function toLineage(v: unknown): LineageLink[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v
    .filter((l): l is Record<string, unknown> => isRec(l) && typeof l.id === 'string' && l.id.length > 0)
    .slice(0, LINEAGE_MAX)
    .map((l) => ({ id: l.id as string, label: str(l.label) || (l.id as string) }));
}

/** A ViewTask from whatever arrived, or undefined when it has no id to act on. */
export function toViewTask(v: unknown): ViewTask | undefined {
  if (!isRec(v) || typeof v.id !== 'string' || v.id.length === 0) return undefined;
  const buttons = Array.isArray(v.buttons)
    ? v.buttons.map(toButton).filter((b): b is ViewButton => b !== undefined)
    : [];
  const status = str(v.status);
  return {
    id: v.id,
    action: str(v.action),
    headline: optStr(v.headline)?.slice(0, 300),
    customId: optStr(v.customId)?.slice(0, 300),
    status,
    statusLabel: str(v.statusLabel) || status || t('Unknown'),
    running: v.running === true,
    progress: optNum(v.progress),
    prompt: str(v.prompt),
    finalPrompt: optStr(v.finalPrompt),
    description: str(v.description),
    failReason: optStr(v.failReason),
    submitTime: optNum(v.submitTime),
    startTime: optNum(v.startTime),
    finishTime: optNum(v.finishTime),
    imageSrc: optStr(v.imageSrc),
    isPreview: v.isPreview === true,
    buttons,
    parentId: optStr(v.parentId),
    parentLabel: optStr(v.parentLabel),
    lineage: toLineage(v.lineage),
    resultPrompts: Array.isArray(v.resultPrompts)
      ? v.resultPrompts.filter((p): p is string => typeof p === 'string').slice(0, RESULT_PROMPTS_MAX)
      : undefined,
    seed: optStr(v.seed),
    stalled: v.stalled === true,
    painter: toPainter(v.painter),
    videoCount: optNum(v.videoCount),
    videos: toVideos(v.videos),
    by: v.by === 'agent' ? 'agent' : undefined,
    pictures: toPictures(v.pictures),
    canEdit: v.canEdit === true,
  };
}

/** A HostMessage from a `message` event's data, or undefined for anything else. */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isRec(raw)) return undefined;
  switch (raw.type) {
    case 'state': {
      const task = toViewTask(raw.task);
      return task ? { type: 'state', task } : undefined;
    }
    case 'busy':
      if (typeof raw.customId !== 'string' || typeof raw.busy !== 'boolean') return undefined;
      return { type: 'busy', customId: raw.customId, busy: raw.busy };
    case 'error':
      if (typeof raw.message !== 'string' || raw.message.length === 0) return undefined;
      return { type: 'error', message: raw.message.slice(0, 2000) };
    default:
      return undefined;
  }
}
