/**
 * The panel's view of a video task's clips: pure (no DOM), so what the panel offers is unit-tested.
 */
import { t } from '../shared/l10n';
import type { ViewTask } from '../shared/protocol';
import { safeImageSrc } from './format';

export interface VideoItemView {
  /** The clip's index on the server (what Extend and Save send; never a path or URL). */
  index: number;
  /** The local copy as a webview URI. */
  src: string;
  label: string;
}

export interface VideosView {
  taskId: string;
  items: VideoItemView[];
  /** Clips the server made that are not local yet (downloading, or the download failed). */
  missing: number;
}

/** The clips of a finished video task; undefined for every other task. */
export function videosView(task: ViewTask): VideosView | undefined {
  const count = task.videoCount ?? 0;
  if (task.status !== 'SUCCESS' || count === 0) return undefined;
  const items = (task.videos ?? []).flatMap((v) => {
    // Same URL rules as pictures (webview resource or http(s), nothing scriptable); the CSP's media-src
    // then admits only the webview's own resources.
    const src = safeImageSrc(v.src);
    return src !== undefined && Number.isInteger(v.index) && v.index >= 0
      ? [{ index: v.index, src, label: t('Clip {0}', v.index + 1) }]
      : [];
  });
  return { taskId: task.id, items, missing: Math.max(0, count - items.length) };
}
