/**
 * What each section of the panel shows, derived from the state and the clock. Pure, so the rules
 * (when buttons appear, what the progress bar says, which image may load) are tested without a DOM.
 * Each section re-renders only when its part of this view changes.
 */
import type { ButtonGroup } from '../shared/protocol';
import { videosView } from './videosView';
import type { VideosView } from './videosView';
import { MASK_SUBMIT_KEY } from '../shared/protocol';
import type { StatusKind } from './format';
import {
  buttonText,
  clampProgress,
  formatAbsolute,
  formatDuration,
  formatRelative,
  GROUP_ORDER,
  GROUP_TITLES,
  imageAlt,
  safeImageSrc,
  statusKind,
} from './format';
import type { PanelModel } from './panelModel';
import { promptsView, stalledView } from './operationsView';
import type { PromptsView, StalledView } from './operationsView';

export interface HeaderView {
  statusLabel: string;
  kind: StatusKind;
  action: string;
  taskId: string;
  description: string;
  /** Non-final tasks can be asked about again. */
  canRefresh: boolean;
  parentLabel?: string;
  /** Ancestors, oldest first: the header links to each. */
  lineage?: { id: string; label: string }[];
}

export interface NoticeView {
  /** MODAL: the server waits for the user. */
  modal: boolean;
  /** The raw status, when the server sent one we do not know. */
  unknownStatus?: string;
}

export interface ProgressView {
  /** Undefined: the server did not say; the bar shows an indeterminate animation. */
  percent?: number;
  text: string;
}

export interface PromptView {
  prompt: string;
  /** The prompt the server actually ran, when it differs. */
  finalPrompt?: string;
  canCopy: boolean;
}

export interface TimeRow {
  label: string;
  relative: string;
  absolute: string;
}

export interface TimesView {
  rows: TimeRow[];
  /** The image seed, once fetched (Copy Seed). */
  seed?: string;
  duration?: string;
}

export interface ImageView {
  src?: string;
  isPreview: boolean;
  alt: string;
  failed: boolean;
  emptyText: string;
}

/** Vary Region: the parent's picture with the mask painter on top, the prompt, and whether Submit is in flight. */
export interface PainterView {
  taskId: string;
  imageSrc: string;
  alt: string;
  prompt: string;
  busy: boolean;
}

export interface FailureView {
  title: string;
  reason: string;
}

export interface ButtonView {
  customId: string;
  text: string;
  title: string;
  busy: boolean;
}

export interface ButtonGroupView {
  group: ButtonGroup;
  title: string;
  buttons: ButtonView[];
}

export interface PanelView {
  /** Describe/shorten results with their Copy / Insert / Imagine buttons. */
  prompts?: PromptsView;
  /** A running task whose progress has not moved for a long time: Refresh, Retry, Cancel. */
  stalled?: StalledView;
  /** Undefined until the host sent the first state. */
  taskId?: string;
  loadingText: string;
  error?: string;
  header?: HeaderView;
  notice?: NoticeView;
  progress?: ProgressView;
  prompt?: PromptView;
  times?: TimesView;
  image?: ImageView;
  failure?: FailureView;
  buttons?: ButtonGroupView[];
  painter?: PainterView;
  /** The clips of a finished video task, played inline. */
  videos?: VideosView;
}

function timeRow(label: string, ms: number | undefined, now: number): TimeRow | undefined {
  return ms === undefined
    ? undefined
    : { label, relative: formatRelative(ms, now), absolute: formatAbsolute(ms) };
}

/** The server's description, unless it only repeats the prompt ("/imagine <prompt>"). */
function describe(description: string, prompt: string): string {
  const d = description.trim();
  const p = prompt.trim();
  return p.length > 0 && d.includes(p) ? '' : d;
}

/** Builds the whole view from the state at time `now` (epoch ms). */
export function buildView(model: PanelModel, now: number): PanelView {
  const t = model.task;
  if (!t) {
    const id = model.restoredTaskId;
    return { loadingText: id ? `Loading task ${id}…` : 'Loading task…', error: model.error };
  }
  const kind = statusKind(t.status);
  const view: PanelView = { taskId: t.id, loadingText: '', error: model.error };

  view.header = {
    statusLabel: t.statusLabel,
    kind,
    action: t.action,
    taskId: t.id,
    description: describe(t.description, t.prompt),
    canRefresh: kind !== 'success' && kind !== 'failure' && kind !== 'cancelled',
    parentLabel: t.parentId ? t.parentLabel || t.parentId : undefined,
    lineage: t.lineage?.length ? t.lineage : undefined,
  };
  if (kind === 'modal' || kind === 'unknown') {
    view.notice = { modal: kind === 'modal', unknownStatus: kind === 'unknown' ? t.status : undefined };
  }

  if (t.running) {
    const percent = clampProgress(t.progress);
    const text =
      percent !== undefined ? `${percent}%` : kind === 'queued' ? 'Waiting in the queue…' : 'Working…';
    view.progress = { percent, text };
  }

  const finalPrompt = t.finalPrompt?.trim();
  if (t.prompt.trim() || finalPrompt) {
    view.prompt = {
      prompt: t.prompt,
      finalPrompt: finalPrompt && finalPrompt !== t.prompt.trim() ? t.finalPrompt : undefined,
      canCopy: true,
    };
  }

  const rows = [
    timeRow('Submitted', t.submitTime, now),
    timeRow('Started', t.startTime, now),
    timeRow('Finished', t.finishTime, now),
  ].filter((r): r is TimeRow => r !== undefined);
  const from = t.startTime ?? t.submitTime;
  if (rows.length > 0) {
    view.times = {
      rows,
      duration:
        t.finishTime !== undefined && from !== undefined ? formatDuration(t.finishTime - from) : undefined,
    };
  }

  const painterSrc = kind === 'modal' ? safeImageSrc(t.painter?.imageSrc) : undefined;
  if (t.painter && painterSrc !== undefined) {
    view.painter = {
      taskId: t.id,
      imageSrc: painterSrc,
      alt: imageAlt(t.painter.prompt || t.prompt),
      prompt: t.painter.prompt,
      busy: model.busy.includes(MASK_SUBMIT_KEY),
    };
  }

  if (view.times && t.seed) view.times.seed = t.seed;
  view.prompts = promptsView(t);
  if (view.prompts) {
    // The numbered result is listed as prompts: its raw text again (description, "as the server ran it") is noise.
    if (view.header) view.header.description = '';
    view.prompt = view.prompt && t.prompt.trim() ? { ...view.prompt, finalPrompt: undefined } : undefined;
  }
  view.stalled = stalledView(t);

  const src = safeImageSrc(t.imageSrc);
  // A failed task without a picture needs no empty frame; every other state keeps the space. The
  // painter shows its own picture.
  const ended = kind === 'failure' || kind === 'cancelled';
  view.videos = videosView(t);
  // A video task has clips instead of a picture: no empty picture frame above them.
  if (!view.painter && !(t.videoCount && src === undefined) && (src !== undefined || !ended))
    view.image = {
      src,
      isPreview: t.isPreview,
      alt: imageAlt(t.prompt),
      failed: src !== undefined && model.failedImageSrc === src,
      emptyText: t.running ? 'No image yet' : 'No image',
    };

  if (kind === 'failure' || kind === 'cancelled') {
    view.failure = {
      title: kind === 'failure' ? 'The task failed' : 'The task was cancelled',
      reason: t.failReason?.trim() || (kind === 'failure' ? 'The server gave no reason.' : ''),
    };
  }

  if (!t.running && t.status === 'SUCCESS' && t.buttons.length > 0) {
    view.buttons = GROUP_ORDER.map((group) => ({
      group,
      title: GROUP_TITLES[group],
      buttons: t.buttons
        .filter((b) => b.group === group)
        .map((b) => ({
          customId: b.customId,
          text: buttonText(b) || 'Action',
          title: b.label || buttonText(b),
          busy: model.busy.includes(b.customId),
        })),
    })).filter((g) => g.buttons.length > 0);
  }
  return view;
}
