// The server-side task model. A task is a schedule fixed at submit time; its status and progress are
// computed from the clock whenever somebody asks (no per-task timers), which keeps hundreds of tasks
// cheap and lets the relay dialect look at "the state as it was N ms ago".
import { hashString, sizeFor } from './png';
import { isV8, upscaleTag } from './versions';

export type ImageKind = 'grid' | 'single' | 'none';
export type ButtonsKind = 'grid' | 'upscale' | 'upscaleHd' | 'describe' | 'shorten' | 'video' | 'none';
export type ModalKind = 'customZoom' | 'inpaint' | 'remix' | 'imagine';

export type Outcome =
  | { kind: 'success' }
  | { kind: 'fail'; title: string; detail: string; at: number /* fraction of the run */ }
  /** Ends as status CANCEL (the PLUS form; trueai's own cancel writes FAILURE `取消任务`). */
  | { kind: 'cancel'; at: number }
  | { kind: 'weird'; status: string }
  | { kind: 'stall'; progress: number };

/** The clips a finished video task serves: how many and the frame size. */
export interface SimVideo {
  count: number;
  width: number;
  height: number;
}

export interface SimTask {
  id: string;
  /** Action as trueai/novicezk name it. */
  action: string;
  /** Action as a new-api relay stores it (INPAINT, CUSTOM_ZOOM, REROLL…). */
  relayAction: string;
  prompt: string;
  description: string;
  state: string | undefined;
  botType: string;
  /** The Midjourney model ("6", "7", "8.1", "niji 7"): the prompt's `--v`, else the simulator's version. */
  version: string;
  mode: string | undefined;
  parentId: string | undefined;
  customId: string | undefined;
  /** Change index (1-4) or upscale quadrant. */
  index: number | undefined;
  /** Discord message hash used in the task's buttons. */
  hash: string;
  /** Seed of the picture (for an upscale: the parent quadrant's motif seed). */
  seed: number;
  imageKind: ImageKind;
  buttonsKind: ButtonsKind;
  width: number;
  height: number;
  createdAt: number;
  /** Set while the task waits for /submit/modal; `modalSubmittedAt` ends the wait. */
  modal: ModalKind | undefined;
  modalSubmittedAt: number | undefined;
  /** When the queue clock started: createdAt, or the /submit/modal time. */
  runFrom: number;
  queueMs: number;
  speedMs: number;
  /** The progress values of the run (undefined: Midjourney's STEPS). */
  steps?: number[];
  outcome: Outcome;
  cancelledAt: number | undefined;
  /** DESCRIBE/SHORTEN result text. */
  resultText: string | undefined;
  maskBase64: string | undefined;
  /** Overrides applied to the served JSON (template at creation + patchTask). */
  patch: Record<string, unknown>;
  /** Set on a video task: the clips it serves once finished (sim/video.ts). */
  video?: SimVideo;
}

export interface Snapshot {
  status: string;
  /** 0-100, for previews. */
  pct: number;
  progress: string | null;
  startTime: number | null;
  finishTime: number | null;
  final: boolean;
}

// Real Midjourney reports progress in roughly these steps.
const STEPS = [15, 31, 46, 62, 78, 93];

/** The progress values of a server that moves in `step` % steps (16 → Midjourney's; 0 → a jump to 100 %). */
export function stepsProfile(step: number | 'jump'): number[] {
  if (step === 'jump' || step <= 0) return [];
  if (step === 16) return [...STEPS];
  const out: number[] = [];
  for (let p = step; p < 100; p += step) out.push(p);
  return out;
}
/** Share of the run spent in SUBMITTED (0%) before the first progress step. */
const SUBMITTED_SHARE = 0.15;

/** The moment the task reaches SUBMITTED, or undefined while a modal is open. */
export function startAt(t: SimTask): number | undefined {
  if (t.modal && t.modalSubmittedAt === undefined) return undefined;
  return t.runFrom + t.queueMs;
}

/** Epoch ms of the final status on the server's own clock, if the schedule has one. */
export function scheduledEnd(t: SimTask): number | undefined {
  const s = startAt(t);
  let end: number | undefined;
  if (s !== undefined) {
    if (t.outcome.kind === 'success') end = s + t.speedMs;
    else if (t.outcome.kind === 'fail' || t.outcome.kind === 'cancel')
      end = s + Math.round(t.speedMs * t.outcome.at);
  }
  if (t.cancelledAt !== undefined && (end === undefined || t.cancelledAt < end)) return t.cancelledAt;
  return end;
}

function progressAt(elapsed: number, speedMs: number, steps: readonly number[] = STEPS): number {
  const frac = (elapsed - speedMs * SUBMITTED_SHARE) / (speedMs * (1 - SUBMITTED_SHARE));
  if (frac < 0 || steps.length === 0) return 0;
  return steps[Math.min(steps.length - 1, Math.floor(frac * steps.length))] ?? 0;
}

/** Status of a task as the server saw it at time `at`. */
export function snapshot(t: SimTask, at: number): Snapshot {
  const none = { startTime: null, finishTime: null };
  if (t.modal && (t.modalSubmittedAt === undefined || at < t.modalSubmittedAt)) {
    return { status: 'MODAL', pct: 0, progress: null, ...none, final: false };
  }
  const start = startAt(t) ?? at;
  const end = scheduledEnd(t);
  if (end !== undefined && at >= end) {
    if (t.outcome.kind === 'success' && t.cancelledAt === undefined) {
      return {
        status: 'SUCCESS',
        pct: 100,
        progress: '100%',
        startTime: start,
        finishTime: end,
        final: true,
      };
    }
    return {
      status: t.outcome.kind === 'cancel' && t.cancelledAt === undefined ? 'CANCEL' : 'FAILURE',
      pct: 0,
      progress: '',
      startTime: Math.min(start, end),
      finishTime: end,
      final: true,
    };
  }
  if (at < start) return { status: 'NOT_START', pct: 0, progress: null, ...none, final: false };
  const elapsed = at - start;
  if (t.outcome.kind === 'weird') {
    return {
      status: t.outcome.status,
      pct: 0,
      progress: '0%',
      startTime: start,
      finishTime: null,
      final: false,
    };
  }
  let pct = progressAt(elapsed, t.speedMs, t.steps);
  if (t.outcome.kind === 'stall') pct = Math.min(pct, t.outcome.progress);
  const status = elapsed < t.speedMs * SUBMITTED_SHARE ? 'SUBMITTED' : 'IN_PROGRESS';
  return { status, pct, progress: `${pct}%`, startTime: start, finishTime: null, final: false };
}

/** Whether a task occupies a worker slot at `at` (counts towards codes 22/23/9). */
export function isRunning(t: SimTask, at: number): boolean {
  if (t.outcome.kind === 'weird' || t.outcome.kind === 'stall') return false;
  const s = snapshot(t, at);
  return !s.final && s.status !== 'MODAL';
}

/** A task id like the real servers make: ms epoch + 3 random digits. */
export function newTaskId(taken: (id: string) => boolean): string {
  for (;;) {
    const id = `${Date.now()}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    if (!taken(id)) return id;
  }
}

/** Seed of the picture of a task: depends on both the prompt and the id so every task looks new. */
export function pictureSeed(prompt: string, id: string): number {
  return hashString(`${prompt}|${id}`);
}

/** The `--ar W:H` of a prompt, if any. */
export function aspectOf(prompt: string): string | undefined {
  return /--(?:ar|aspect)\s+(\d+(?:\.\d+)?:\d+(?:\.\d+)?)/.exec(prompt)?.[1];
}

/** How a prompt asks the simulator to misbehave (see sim/README.md, "Prompt flags"). */
export function outcomeFor(prompt: string): Outcome {
  const weird = /--sim-status\s+(\S+)/.exec(prompt);
  if (weird?.[1]) return { kind: 'weird', status: weird[1] };
  if (/--sim-stall\b/.test(prompt)) return { kind: 'stall', progress: 46 };
  if (/--sim-cancel\b/.test(prompt)) return { kind: 'cancel', at: 0.5 };
  if (/--sim-fail\b/.test(prompt)) {
    return {
      kind: 'fail',
      title: 'Invalid parameter',
      detail: 'Unrecognized parameter(s): `--sim-fail`',
      at: 0.5,
    };
  }
  return { kind: 'success' };
}

/** The banned word a prompt contains, matched as a whole word, case-insensitively. */
export function bannedWordIn(prompt: string, words: string[]): string | undefined {
  const lower = prompt.toLowerCase();
  return words.find(
    (w) =>
      w && new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(w.toLowerCase())}($|[^\\p{L}\\p{N}])`, 'u').test(lower),
  );
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Button {
  customId: string;
  emoji: string;
  label: string;
  type: 2;
  style: number;
}

function btn(customId: string, label: string, emoji = ''): Button {
  return { customId, emoji, label, type: 2, style: 2 };
}

/** The buttons a finished task offers (trueai and relay dialects). */
export function buttonsFor(t: SimTask): Button[] {
  const h = t.hash;
  const n = [1, 2, 3, 4];
  const up = upscaleTag(t.version);
  switch (t.buttonsKind) {
    case 'grid':
      // V8: no Upscale (nor Zoom/Pan); Vary V1-V4 (`strong` picks Strong/Subtle) and reroll.
      if (isV8(t.version)) {
        return [
          btn(`MJ::JOB::reroll::0::${h}::SOLO`, '', '🔄'),
          ...n.map((i) => btn(`MJ::JOB::variation::${i}::${h}`, `V${i}`)),
        ];
      }
      return [
        ...n.map((i) => btn(`MJ::JOB::upsample::${i}::${h}`, `U${i}`)),
        btn(`MJ::JOB::reroll::0::${h}::SOLO`, '', '🔄'),
        ...n.map((i) => btn(`MJ::JOB::variation::${i}::${h}`, `V${i}`)),
      ];
    case 'upscale':
    case 'upscaleHd':
      return [
        ...(t.buttonsKind === 'upscale'
          ? [
              btn(`MJ::JOB::upsample_${up}_2x_subtle::1::${h}::SOLO`, 'Upscale (Subtle)', 'upscale_1'),
              btn(`MJ::JOB::upsample_${up}_2x_creative::1::${h}::SOLO`, 'Upscale (Creative)', 'upscale_1'),
            ]
          : []),
        btn(`MJ::JOB::low_variation::1::${h}::SOLO`, 'Vary (Subtle)', '🪄'),
        btn(`MJ::JOB::high_variation::1::${h}::SOLO`, 'Vary (Strong)', '🪄'),
        btn(`MJ::Inpaint::1::${h}::SOLO`, 'Vary (Region)', '🖌️'),
        btn(`MJ::Outpaint::50::1::${h}::SOLO`, 'Zoom Out 2x', '🔍'),
        btn(`MJ::Outpaint::75::1::${h}::SOLO`, 'Zoom Out 1.5x', '🔍'),
        btn(`MJ::CustomZoom::${h}`, 'Custom Zoom', '🔍'),
        btn(`MJ::Outpaint::100::1::${h}::SOLO`, 'Make Square', '↔️'),
        btn(`MJ::JOB::pan_left::1::${h}::SOLO`, '', '⬅️'),
        btn(`MJ::JOB::pan_right::1::${h}::SOLO`, '', '➡️'),
        btn(`MJ::JOB::pan_up::1::${h}::SOLO`, '', '⬆️'),
        btn(`MJ::JOB::pan_down::1::${h}::SOLO`, '', '⬇️'),
        btn(`MJ::JOB::animate_high::1::${h}::SOLO`, 'Animate (High motion)', '🎞️'),
        btn(`MJ::JOB::animate_low::1::${h}::SOLO`, 'Animate (Low motion)', '🎞️'),
      ];
    case 'video':
      // TA names a video's upscale buttons by the task id, not a message hash.
      return n.map((i) => btn(`MJ::JOB::video_virtual_upscale::${i}::${t.id}`, `U${i}`));
    case 'describe':
      return [
        ...n.map((i) => btn(`MJ::Job::PicReader::${i}`, '', `${i}️⃣`)),
        btn(`MJ::Picread::Retry`, '', '🔄'),
        btn(`MJ::Job::PicReader::all`, 'Imagine all', '🎉'),
      ];
    case 'shorten':
      return [1, 2, 3, 4, 5].map((i) => btn(`MJ::Job::PromptAnalyzer::${i}`, '', `${i}️⃣`));
    default:
      return [];
  }
}

export interface ActionPlan {
  action: string;
  relayAction: string;
  index: number | undefined;
  imageKind: ImageKind;
  buttonsKind: ButtonsKind;
  /** Always answers with a MODAL task. */
  modal: ModalKind | undefined;
  /** Goes MODAL when remix is on. */
  remixable: boolean;
  /** The prompt pre-filled in the modal / used by the new task, when it is not the parent's. */
  prompt: string | undefined;
  /** The relay knows this family (new-api CoverPlusActionToNormalAction). */
  relayKnows: boolean;
  /** The clips the new task makes (animate, video upscale). */
  video?: SimVideo;
}

/** What pressing `customId` on `parent` does, or undefined for an action the server doesn't know. */
export function planAction(customId: string, parent: SimTask): ActionPlan | undefined {
  const base = { index: undefined, modal: undefined, remixable: false, prompt: undefined, relayKnows: true };
  const grid = { imageKind: 'grid', buttonsKind: 'grid' } as const;
  let m: RegExpExecArray | null;
  if ((m = /^MJ::JOB::upsample::([1-4])::/.exec(customId))) {
    const index = Number(m[1]);
    return {
      ...base,
      action: 'UPSCALE',
      relayAction: 'UPSCALE',
      index,
      imageKind: 'single',
      buttonsKind: 'upscale',
    };
  }
  if ((m = /^MJ::JOB::variation::([1-4])::/.exec(customId))) {
    return {
      ...base,
      ...grid,
      action: 'VARIATION',
      relayAction: 'VARIATION',
      index: Number(m[1]),
      remixable: true,
    };
  }
  if ((m = /^MJ::JOB::(low|high)_variation::/.exec(customId))) {
    const relayAction = `${(m[1] ?? '').toUpperCase()}_VARIATION`;
    return { ...base, ...grid, action: 'VARIATION', relayAction, remixable: true };
  }
  if (/^MJ::JOB::reroll::/.test(customId)) {
    const action = ['IMAGINE', 'VARIATION', 'BLEND', 'ZOOM', 'PAN'].includes(parent.action)
      ? parent.action
      : 'IMAGINE';
    return { ...base, ...grid, action, relayAction: 'REROLL', remixable: true };
  }
  if (/^MJ::JOB::pan_(left|right|up|down)::/.test(customId)) {
    return { ...base, ...grid, action: 'PAN', relayAction: 'PAN', remixable: true };
  }
  if (/^MJ::JOB::upsample_v\w+::/.test(customId)) {
    return {
      ...base,
      action: 'UPSCALE_HD',
      relayAction: 'UPSCALE',
      imageKind: 'single',
      buttonsKind: 'upscaleHd',
    };
  }
  if (/^MJ::Outpaint::\d+::/.test(customId)) return { ...base, ...grid, action: 'ZOOM', relayAction: 'ZOOM' };
  if (/^MJ::CustomZoom::/.test(customId)) {
    return { ...base, ...grid, action: 'ZOOM', relayAction: 'CUSTOM_ZOOM', modal: 'customZoom' };
  }
  if (/^MJ::Inpaint::/.test(customId)) {
    return { ...base, ...grid, action: 'VARIATION', relayAction: 'INPAINT', modal: 'inpaint', prompt: '' };
  }
  if ((m = /^MJ::JOB::animate_(high|low)::1::/.exec(customId))) {
    // The relay's action mapper predates video (API.md §3), so only trueai takes the button.
    const aspect = `${parent.width}:${parent.height}`;
    return {
      ...base,
      action: 'VIDEO',
      relayAction: 'VIDEO',
      imageKind: 'none',
      buttonsKind: 'video',
      relayKnows: false,
      video: { count: 4, ...sizeFor(aspect, 256) },
    };
  }
  if ((m = /^MJ::JOB::video_virtual_upscale::([1-4])::/.exec(customId)) && parent.video) {
    const { width, height } = parent.video;
    return {
      ...base,
      action: 'UPSCALE',
      relayAction: 'UPSCALE',
      index: Number(m[1]),
      imageKind: 'none',
      buttonsKind: 'none',
      relayKnows: false,
      video: { count: 1, width: width * 2, height: height * 2 },
    };
  }
  const pick = (i: number): string | undefined => numberedLines(parent.resultText ?? '')[i - 1];
  if ((m = /^MJ::Job::(PicReader|PromptAnalyzer)::([1-5])$/.exec(customId))) {
    const prompt = pick(Number(m[2])) ?? parent.prompt;
    return {
      ...base,
      ...grid,
      action: 'IMAGINE',
      relayAction: 'IMAGINE',
      modal: 'imagine',
      prompt,
      relayKnows: false,
    };
  }
  if (customId === 'MJ::Job::PicReader::all') {
    return {
      ...base,
      ...grid,
      action: 'IMAGINE',
      relayAction: 'IMAGINE',
      prompt: pick(1),
      relayKnows: false,
    };
  }
  if (customId === 'MJ::Picread::Retry') {
    return {
      ...base,
      action: 'DESCRIBE',
      relayAction: 'DESCRIBE',
      imageKind: 'single',
      buttonsKind: 'describe',
      relayKnows: false,
    };
  }
  return undefined;
}

/** The prompts of a "1️⃣ …\n\n2️⃣ …" describe/shorten result, without their numbers. */
export function numberedLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => /^([1-5])\uFE0F?\u20E3\s*(.*)$/u.exec(l.trim())?.[2])
    .filter((l): l is string => !!l);
}
