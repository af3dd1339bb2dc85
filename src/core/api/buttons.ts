/**
 * The button model: which group a server button belongs to, the words it shows, and the U/V/reroll
 * buttons we make ourselves for servers that send none (novicezk), which go through /submit/change.
 * Pure: no `vscode`, no I/O. The names we give are in the UI language; the server's own labels and U1…V4
 * stay as they are.
 */
import { t } from '../../shared/l10n';
import { BUTTON_GROUP_ORDER } from '../../shared/protocol';
import type { ButtonGroup, ButtonIcon, ViewButton } from '../../shared/protocol';
import type { ChangeAction, Task, TaskButton } from '../model/types';
import { isV8Task } from './pictures';

export { BUTTON_GROUP_ORDER };

/**
 * Pseudo customIds for buttons the server did not send. Format: `change:<ACTION>:<index>` with ACTION
 * one of UPSCALE | VARIATION (index 1-4) or REROLL (index 0). They never reach /submit/action: the host
 * recognises them with `parseChangeId` and posts `/submit/change {taskId, action, index}` instead.
 * (new-api relays reject index 0 even for REROLL; the host decides what to send there.)
 */
export const CHANGE_PREFIX = 'change:';

/** What a `change:` pseudo customId stands for. */
export interface ChangeRequest {
  action: ChangeAction;
  /** 1-4 for UPSCALE and VARIATION, 0 for REROLL. */
  index: number;
}

/** Actions whose SUCCESS result is a 2x2 grid, so U1-U4 / V1-V4 / reroll make sense on it. */
const GRID_ACTIONS: ReadonlySet<string> = new Set(['IMAGINE', 'VARIATION', 'REROLL', 'BLEND']);

const CHANGE_RE = /^change:(?:(UPSCALE|VARIATION):([1-4])|(REROLL):(0))$/;

/** Discord custom emojis reach us by name (TA sends `upscale_1`): not something to show. */
const CUSTOM_EMOJI_NAME_RE = /^[\w-]+$/;

const LABEL_MAX = 80;

/** The `::`-separated parts of a customId, lower-cased; the kind of button is one of them. */
function segments(customId: string): string[] {
  return customId.split(/::|:/).map((s) => s.trim().toLowerCase());
}

/**
 * The group a button belongs to, from its customId family (`MJ::JOB::upsample::2::<hash>` → 'upscale').
 * Also understands our `change:` pseudo ids. Anything unknown is 'other', never an error.
 */
export function classifyButton(customId: string): ButtonGroup {
  for (const seg of segments(customId)) {
    // Before 'upscale': a video's `video_virtual_upscale` belongs with its other video buttons.
    if (seg.startsWith('animate_') || seg.startsWith('video_')) return 'video';
    if (seg === 'upsample' || seg.startsWith('upsample_') || seg === 'upscale') return 'upscale';
    if (seg === 'variation') return 'variation';
    if (seg === 'reroll') return 'reroll';
    if (seg === 'low_variation' || seg === 'high_variation' || seg === 'inpaint') return 'vary';
    if (seg === 'outpaint' || seg === 'customzoom') return 'zoom';
    if (seg.startsWith('pan_')) return 'pan';
  }
  return 'other';
}

function titleCase(words: string): string {
  return words
    .split(/[\s_]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

/** The number right after a segment (`upsample::3` → "3"), if any. */
function numberAfter(parts: string[], seg: string): string | undefined {
  const i = parts.indexOf(seg);
  const next = i >= 0 ? parts[i + 1] : undefined;
  return next !== undefined && /^\d+$/.test(next) ? next : undefined;
}

/** The name of a pan button (`pan_left` → "Pan Left"); an unknown direction is title-cased as sent. */
function panName(seg: string): string {
  switch (seg) {
    case 'pan_left':
      return t('Pan Left');
    case 'pan_right':
      return t('Pan Right');
    case 'pan_up':
      return t('Pan Up');
    case 'pan_down':
      return t('Pan Down');
    default:
      return titleCase(seg.replace('_', ' '));
  }
}

/**
 * A readable name for a button whose label is empty, made from its customId ("Reroll", "Pan Left",
 * "Zoom Out 2x", "U3"), in the UI language. Undefined when the customId says nothing we can put into words.
 */
export function nameFromCustomId(customId: string): string | undefined {
  const parts = segments(customId);
  const upscaleHd = parts.find((s) => s.startsWith('upsample_'));
  if (upscaleHd !== undefined) {
    if (upscaleHd.includes('subtle')) return t('Upscale (Subtle)');
    if (upscaleHd.includes('creative')) return t('Upscale (Creative)');
    const factor = /(\d+)x/.exec(upscaleHd);
    return factor ? t('Upscale ({0}x)', factor[1]!) : t('Upscale');
  }
  const animate = parts.find((s) => s.startsWith('animate_'));
  if (animate !== undefined) {
    const high = animate.includes('high');
    if (animate.includes('extend')) return high ? t('Extend (High motion)') : t('Extend (Low motion)');
    return high ? t('Animate (High motion)') : t('Animate (Low motion)');
  }
  const videoU = numberAfter(parts, 'video_virtual_upscale');
  if (videoU !== undefined) return t('Upscale video {0}', videoU);
  // U1…V4 are Midjourney's own short names, the same in every language.
  const u = numberAfter(parts, 'upsample') ?? numberAfter(parts, 'upscale');
  if (u !== undefined) return `U${u}`;
  const v = numberAfter(parts, 'variation');
  if (v !== undefined) return `V${v}`;
  if (parts.includes('reroll')) return t('Reroll');
  if (parts.includes('low_variation')) return t('Vary (Subtle)');
  if (parts.includes('high_variation')) return t('Vary (Strong)');
  if (parts.includes('inpaint')) return t('Vary (Region)');
  if (parts.includes('customzoom')) return t('Custom Zoom');
  if (parts.includes('outpaint')) {
    const zoom = numberAfter(parts, 'outpaint');
    if (zoom === '50') return t('Zoom Out 2x');
    if (zoom === '75') return t('Zoom Out 1.5x');
    if (zoom === '100') return t('Make Square');
    return t('Zoom Out');
  }
  const pan = parts.find((s) => s.startsWith('pan_'));
  if (pan !== undefined) return panName(pan);
  // Unknown families (animate_high, BOOKMARK, PicReader): the first word-like part after the MJ/JOB prefix.
  const kind = parts.find((s) => /^[a-z][a-z_]*$/.test(s) && s !== 'mj' && s !== 'job' && s !== 'solo');
  return kind !== undefined ? titleCase(kind) : undefined;
}

/**
 * The codicon for a button of a family we know, shown instead of the server's emoji (🪄 🖌️ 🔍 🎞️ 🔄 are boxes
 * on a machine without an emoji font). U1…V4 have none: their label says it, as in Midjourney. Undefined for
 * a family we do not know, which keeps the server's emoji.
 */
export function iconFor(customId: string): ButtonIcon | undefined {
  const parts = segments(customId);
  if (parts.some((s) => s.startsWith('animate_'))) {
    return parts.some((s) => s.includes('extend')) ? 'debug-continue' : 'device-camera-video';
  }
  if (parts.some((s) => s === 'video_virtual_upscale' || s.startsWith('upsample_'))) return 'screen-full';
  if (parts.includes('reroll') || (parts.includes('picread') && parts.includes('retry'))) return 'refresh';
  if (parts.includes('low_variation') || parts.includes('high_variation')) return 'wand';
  if (parts.includes('inpaint')) return 'paintcan';
  if (parts.includes('outpaint'))
    return numberAfter(parts, 'outpaint') === '100' ? 'primitive-square' : 'zoom-out';
  if (parts.includes('customzoom')) return 'zoom-out';
  for (const dir of ['left', 'right', 'up', 'down'] as const)
    if (parts.includes(`pan_${dir}`)) return `arrow-${dir}`;
  return undefined;
}

function cleanEmoji(emoji: string): string {
  const e = emoji.trim();
  return e.length === 0 || CUSTOM_EMOJI_NAME_RE.test(e) ? '' : e.slice(0, 16);
}

/** Turns one server button into what the panel shows; the customId is kept verbatim. */
export function toViewButton(button: TaskButton): ViewButton {
  const emoji = cleanEmoji(button.emoji);
  let label = button.label.trim().slice(0, LABEL_MAX);
  if (label.length === 0) label = nameFromCustomId(button.customId) ?? '';
  // With neither a label nor a known family the emoji is all there is; show it once, as the label.
  if (label.length === 0)
    return {
      customId: button.customId,
      label: emoji || t('Action'),
      emoji: '',
      group: 'other',
      viaChange: false,
    };
  const icon = iconFor(button.customId);
  return {
    customId: button.customId,
    label,
    emoji: icon ? '' : emoji,
    group: classifyButton(button.customId),
    viaChange: false,
    ...(icon ? { icon } : {}),
  };
}

/**
 * The server's buttons as the panel shows them, ordered by group (BUTTON_GROUP_ORDER) and, within a
 * group, in the order the server sent them. Buttons without a customId are dropped: there is nothing to send.
 */
export function toViewButtons(buttons: readonly TaskButton[]): ViewButton[] {
  const views = buttons.filter((b) => b.customId.trim().length > 0).map(toViewButton);
  // Array.prototype.sort is stable, so the server order survives inside each group.
  return views.sort((a, b) => BUTTON_GROUP_ORDER.indexOf(a.group) - BUTTON_GROUP_ORDER.indexOf(b.group));
}

/** The pseudo customId for a /submit/change request (see CHANGE_PREFIX). */
export function changeId(action: ChangeAction, index: number): string {
  return `${CHANGE_PREFIX}${action}:${index}`;
}

/**
 * U1-U4, V1-V4 and reroll through /submit/change, for a finished grid task whose server sent no
 * buttons (novicezk). Empty for anything else: a running or failed task, an upscale, or a task with buttons.
 */
export function changeButtonsFor(
  task: Pick<Task, 'status' | 'action' | 'buttons'> &
    Partial<Pick<Task, 'version' | 'prompt' | 'finalPrompt'>>,
): ViewButton[] {
  if (task.status !== 'SUCCESS' || task.buttons.length > 0 || !GRID_ACTIONS.has(task.action)) return [];
  const out: ViewButton[] = [];
  // A V8 grid has no Upscale: never invent U1-U4 for it.
  const families = isV8Task(task)
    ? ([['VARIATION', 'V', 'variation']] as const)
    : ([
        ['UPSCALE', 'U', 'upscale'],
        ['VARIATION', 'V', 'variation'],
      ] as const);
  for (const [action, letter, group] of families) {
    for (let i = 1; i <= 4; i++) {
      out.push({ customId: changeId(action, i), label: `${letter}${i}`, emoji: '', group, viaChange: true });
    }
  }
  out.push({
    customId: changeId('REROLL', 0),
    label: t('Reroll'),
    emoji: '',
    group: 'reroll',
    viaChange: true,
    icon: 'refresh',
  });
  return out;
}

/** The buttons to show for a task: the server's own when it sent any, else the /submit/change set. */
export function viewButtonsFor(
  task: Pick<Task, 'status' | 'action' | 'buttons'> &
    Partial<Pick<Task, 'version' | 'prompt' | 'finalPrompt'>>,
): ViewButton[] {
  return task.buttons.length > 0 ? toViewButtons(task.buttons) : changeButtonsFor(task);
}

/** Reads a `change:<ACTION>:<index>` pseudo customId; undefined for anything else (a real server customId). */
export function parseChangeId(customId: string): ChangeRequest | undefined {
  const m = CHANGE_RE.exec(customId);
  if (!m) return undefined;
  if (m[3] === 'REROLL') return { action: 'REROLL', index: 0 };
  return { action: m[1] as ChangeAction, index: Number(m[2]) };
}
