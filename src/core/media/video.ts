/**
 * Video (Midjourney's Animate): the /submit/video request, which tasks are videos, their clip links, the
 * Animate buttons a server offers, and downloading a clip for the local copy. Pure core: no `vscode`.
 */
import type { Dispatcher } from 'undici';
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import type { Task } from '../model/types';
import { downloadMedia } from './download';

export type VideoMotion = 'low' | 'high';
export type VideoBatchSize = 1 | 2 | 4;
export type VideoResolution = 480 | 720;

/** POST /submit/video: a new video from a first frame, or an extension of clip `index` of a video task. */
export type VideoParams =
  | {
      prompt: string;
      motion: VideoMotion;
      /** The first frame: an http(s) URL or a base64 data URL. */
      image: string;
      endImage?: string;
      loop?: boolean;
      /** trueai: how many clips (1, 2 or 4; the server's default is 4). Sent only when set. */
      batchSize?: VideoBatchSize;
      /** trueai: 480p or 720p (`vid_1.1_i2v_480|720`). Sent only when set. */
      resolution?: VideoResolution;
    }
  | { action: 'extend'; taskId: string; index: number; motion: VideoMotion; prompt?: string };

/** How many clips one video task makes (API.md: "one task makes 4 videos"). */
export const VIDEO_CLIPS = 4;

const IMAGE_RE = /^(?:https?:\/\/\S+|data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=]+)$/i;

function invalid(message: string): MjError {
  return new MjError({ kind: 'business', message });
}

/**
 * The JSON body of a /submit/video request, checked first so a request the server must refuse is never
 * sent (and never paid for).
 */
export function videoBody(p: VideoParams): Record<string, unknown> {
  if (p.motion !== 'low' && p.motion !== 'high') throw invalid(t('Motion must be low or high.'));
  if ('action' in p) {
    if (!Number.isInteger(p.index) || p.index < 0 || p.index >= VIDEO_CLIPS)
      throw invalid(t('Extend needs a clip number from 1 to {0}.', VIDEO_CLIPS));
    if (!p.taskId) throw invalid(t('Extend needs the video task.'));
    const body: Record<string, unknown> = {
      action: 'extend',
      taskId: p.taskId,
      index: p.index,
      motion: p.motion,
    };
    if (p.prompt?.trim()) body.prompt = p.prompt.trim();
    return body;
  }
  if (!p.prompt.trim()) throw invalid(t('The prompt is empty.'));
  if (!IMAGE_RE.test(p.image)) throw invalid(t('Animate needs a picture (an http(s) link or image data).'));
  if (p.endImage !== undefined && !IMAGE_RE.test(p.endImage))
    throw invalid(t('The end frame is not a picture.'));
  const body: Record<string, unknown> = { prompt: p.prompt.trim(), motion: p.motion, image: p.image };
  if (p.endImage) body.endImage = p.endImage;
  if (p.loop !== undefined) body.loop = p.loop;
  if (p.batchSize !== undefined) {
    if (![1, 2, 4].includes(p.batchSize)) throw invalid(t('A video makes 1, 2 or 4 clips.'));
    body.batchSize = p.batchSize;
  }
  if (p.resolution !== undefined) {
    if (p.resolution !== 480 && p.resolution !== 720)
      throw invalid(t('Video resolution must be 480p or 720p.'));
    body.videoType = `vid_1.1_i2v_${p.resolution}`;
  }
  return body;
}

/** The most clips one video task may download (a video task makes 4; a server listing more is not trusted). */
export const MAX_CLIPS = 8;

/** The clip links of a task, `videoUrls` first, each once; only http(s); at most MAX_CLIPS. */
export function videoUrlsOf(task: Pick<Task, 'videoUrl' | 'videoUrls'>): string[] {
  const all = [...(task.videoUrls ?? []), ...(task.videoUrl ? [task.videoUrl] : [])];
  return [...new Set(all.filter((u) => /^https?:\/\//i.test(u)))].slice(0, MAX_CLIPS);
}

/** A video task: its action says so, or it carries clip links. */
export function isVideoTask(task: Pick<Task, 'action' | 'videoUrl' | 'videoUrls'>): boolean {
  return /VIDEO/i.test(task.action) || videoUrlsOf(task).length > 0;
}

/** The Animate buttons (`MJ::JOB::animate_high::1::<hash>::SOLO`, `animate_low`) a finished task offers. */
export function animateButtons(
  task: Pick<Task, 'status' | 'buttons'>,
): { customId: string; motion: VideoMotion }[] {
  if (task.status !== 'SUCCESS') return [];
  return task.buttons.flatMap((b) => {
    const m = /^MJ::JOB::animate_(high|low)::/i.exec(b.customId);
    return m ? [{ customId: b.customId, motion: (m[1] ?? '').toLowerCase() as VideoMotion }] : [];
  });
}

/** A finished task whose picture can be a first frame: it succeeded with an image and is not a video. */
export function canAnimate(
  task: Pick<Task, 'status' | 'action' | 'imageUrl' | 'videoUrl' | 'videoUrls'>,
): boolean {
  return task.status === 'SUCCESS' && Boolean(task.imageUrl) && !isVideoTask(task);
}

export interface DownloadedVideo {
  bytes: Uint8Array;
  contentType: string;
  ext: 'webm' | 'mp4';
}

/** Recognises a clip by its first bytes: EBML (WebM) or an ISO-BMFF `ftyp` box (MP4). */
export function sniffVideoType(b: Uint8Array): DownloadedVideo['contentType'] | undefined {
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm';
  if (b.length >= 12 && String.fromCharCode(...b.subarray(4, 8)) === 'ftyp') return 'video/mp4';
  return undefined;
}

/** Clips are seconds long; a relay's 720p clip is a few MB. Anything far bigger is not what we asked for. */
export const VIDEO_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Downloads one clip (no key is ever sent: clip hosts are other origins). Follows up to 3 redirects,
 * stops at `maxBytes`, and accepts only WebM or MP4 by their bytes.
 */
export async function downloadVideo(
  url: string,
  opts: { dispatcher?: Dispatcher; maxBytes?: number; timeoutMs?: number; server?: string } = {},
): Promise<DownloadedVideo> {
  const { bytes } = await downloadMedia(url, 'video', {
    dispatcher: opts.dispatcher,
    server: opts.server,
    maxBytes: opts.maxBytes ?? VIDEO_MAX_BYTES,
    timeoutMs: opts.timeoutMs ?? 120_000,
  });
  const contentType = sniffVideoType(bytes);
  if (!contentType)
    throw new MjError({ kind: 'server', message: t('The video link did not return a WebM or MP4 video.') });
  return { bytes, contentType, ext: contentType === 'video/webm' ? 'webm' : 'mp4' };
}
