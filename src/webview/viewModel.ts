/**
 * What each section of the panel shows, derived from the state and the clock. Pure, so the rules
 * (when buttons appear, what the progress bar says, which image may load) are tested without a DOM.
 * Each section re-renders only when its part of this view changes.
 */
import { t } from '../shared/l10n';
import type { ButtonGroup, ButtonIcon, ViewButton } from '../shared/protocol';
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
  groupTitle,
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
  /** Our words for the task ("Upscale of image 1 from “a fox”"); the action when the host sent none. */
  headline: string;
  taskId: string;
  description: string;
  /** The server's own words (action, description, button id), shown folded under the header. */
  details: { label: string; value: string }[];
  /** Non-final tasks can be asked about again. */
  canRefresh: boolean;
  parentLabel?: string;
  /** Ancestors, oldest first: the header links to each. */
  lineage?: { id: string; label: string }[];
  /** Made by an agent's tool call: the header says so. */
  byAgent?: boolean;
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
  /** A codicon shown before the text (a known family), instead of the server's emoji. */
  icon?: ButtonIcon;
  /** trueai's `strong`, sent with the press (Vary Strong / Subtle). */
  strong?: boolean;
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
  /** A finished grid's four separate pictures, each with its own actions (instead of the grid image). */
  pictures?: PicturesView;
  /** Edit Image is offered (a V8 picture's next step). */
  canEdit?: boolean;
}

export interface PictureView {
  index: number;
  src: string;
  alt: string;
  failed: boolean;
  buttons: ButtonView[];
}

export interface PicturesView {
  taskId: string;
  pictures: PictureView[];
  canEdit: boolean;
}

function buttonView(b: ViewButton, busy: readonly string[]): ButtonView {
  return {
    customId: b.customId,
    text: buttonText(b) || t('Action'),
    title: b.label || buttonText(b),
    busy: busy.includes(b.customId),
    ...(b.strong !== undefined ? { strong: b.strong } : {}),
    ...(b.icon ? { icon: b.icon } : {}),
  };
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
  const task = model.task;
  if (!task) {
    const id = model.restoredTaskId;
    return { loadingText: id ? t('Loading task {0}…', id) : t('Loading task…'), error: model.error };
  }
  const kind = statusKind(task.status);
  const view: PanelView = { taskId: task.id, loadingText: '', error: model.error };

  const description = describe(task.description, task.prompt);
  view.header = {
    statusLabel: task.statusLabel,
    kind,
    action: task.action,
    headline: task.headline || task.action,
    taskId: task.id,
    description,
    details: [
      { label: t('Action'), value: task.action },
      { label: t('Description'), value: description },
      { label: t('Button'), value: task.customId ?? '' },
    ].filter((d) => d.value.trim().length > 0),
    canRefresh: kind !== 'success' && kind !== 'failure' && kind !== 'cancelled',
    parentLabel: task.parentId ? task.parentLabel || task.parentId : undefined,
    lineage: task.lineage?.length ? task.lineage : undefined,
    byAgent: task.by === 'agent' || undefined,
  };
  if (kind === 'modal' || kind === 'unknown') {
    view.notice = { modal: kind === 'modal', unknownStatus: kind === 'unknown' ? task.status : undefined };
  }

  if (task.running) {
    const percent = clampProgress(task.progress);
    const text =
      percent !== undefined ? `${percent}%` : kind === 'queued' ? t('Waiting in the queue…') : t('Working…');
    view.progress = { percent, text };
  }

  const finalPrompt = task.finalPrompt?.trim();
  if (task.prompt.trim() || finalPrompt) {
    view.prompt = {
      prompt: task.prompt,
      finalPrompt: finalPrompt && finalPrompt !== task.prompt.trim() ? task.finalPrompt : undefined,
      canCopy: true,
    };
  }

  const rows = [
    timeRow(t('Submitted'), task.submitTime, now),
    timeRow(t('Started'), task.startTime, now),
    timeRow(t('Finished'), task.finishTime, now),
  ].filter((r): r is TimeRow => r !== undefined);
  const from = task.startTime ?? task.submitTime;
  if (rows.length > 0) {
    view.times = {
      rows,
      duration:
        task.finishTime !== undefined && from !== undefined
          ? formatDuration(task.finishTime - from)
          : undefined,
    };
  }

  const painterSrc = kind === 'modal' ? safeImageSrc(task.painter?.imageSrc) : undefined;
  if (task.painter && painterSrc !== undefined) {
    view.painter = {
      taskId: task.id,
      imageSrc: painterSrc,
      alt: imageAlt(task.painter.prompt || task.prompt),
      prompt: task.painter.prompt,
      busy: model.busy.includes(MASK_SUBMIT_KEY),
    };
  }

  if (view.times && task.seed) view.times.seed = task.seed;
  view.prompts = promptsView(task);
  if (view.prompts) {
    // The numbered result is listed as prompts: its raw text again (description, "as the server ran it") is noise.
    if (view.header) view.header.description = '';
    view.prompt = view.prompt && task.prompt.trim() ? { ...view.prompt, finalPrompt: undefined } : undefined;
  }
  view.stalled = stalledView(task);

  const src = safeImageSrc(task.imageSrc);
  // A failed task without a picture needs no empty frame; every other state keeps the space. The
  // painter shows its own picture.
  const ended = kind === 'failure' || kind === 'cancelled';
  view.videos = videosView(task);
  // A video task has clips instead of a picture: no empty picture frame above them.
  const pictures = kind === 'success' ? (task.pictures ?? []) : [];
  const pictureSrcs = pictures.map((p) => safeImageSrc(p.src));
  if (pictures.length > 0 && pictureSrcs.every((p) => p !== undefined)) {
    view.pictures = {
      taskId: task.id,
      canEdit: task.canEdit === true,
      pictures: pictures.map((p, i) => ({
        index: p.index,
        src: pictureSrcs[i]!,
        alt: t('Picture {0}: {1}', p.index, imageAlt(task.prompt)),
        failed: model.failedImageSrc === pictureSrcs[i],
        buttons: p.buttons.map((b) => buttonView(b, model.busy)),
      })),
    };
  }
  if (task.canEdit && kind === 'success') view.canEdit = true;
  // The four pictures stand in for the grid image.
  if (
    !view.pictures &&
    !view.painter &&
    !(task.videoCount && src === undefined) &&
    (src !== undefined || !ended)
  )
    view.image = {
      src,
      isPreview: task.isPreview,
      alt: imageAlt(task.prompt),
      failed: src !== undefined && model.failedImageSrc === src,
      emptyText: task.running ? t('No image yet') : t('No image'),
    };

  if (kind === 'failure' || kind === 'cancelled') {
    view.failure = {
      title: kind === 'failure' ? t('The task failed') : t('The task was cancelled'),
      reason: task.failReason?.trim() || (kind === 'failure' ? t('The server gave no reason.') : ''),
    };
  }

  if (!task.running && task.status === 'SUCCESS' && task.buttons.length > 0) {
    view.buttons = GROUP_ORDER.map((group) => ({
      group,
      title: groupTitle(group),
      buttons: task.buttons.filter((b) => b.group === group).map((b) => buttonView(b, model.busy)),
    })).filter((g) => g.buttons.length > 0);
  }
  return view;
}
