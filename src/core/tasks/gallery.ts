/**
 * Which tasks the gallery shows and in what order, and its query: the tree's filter (taskFilter.ts, the same
 * function) plus the style-reference filter. Pure, so the benchmark times it over 10,000 tasks in Node.
 */
import { isGridAction } from '../media/library';
import { isVideoTask } from '../media/video';
import { promptUsesRef } from '../prompts/styleRefs';
import type { TaskRecord } from './record';
import type { TaskFilter } from './taskFilter';
import { filterTasks } from './taskFilter';

/** The gallery's filter: the tree's, plus "made with this style reference". */
export interface GalleryQuery extends TaskFilter {
  sref?: string;
}

/** A finished picture: a task that succeeded with an image, not a video, describe or shorten. */
export function isGalleryPicture(rec: TaskRecord): boolean {
  const t = rec.task;
  return (
    t.status === 'SUCCESS' &&
    Boolean(t.imageUrl) &&
    !isVideoTask(t) &&
    t.action !== 'DESCRIBE' &&
    t.action !== 'SHORTEN'
  );
}

/** When the picture was asked for: its day in the gallery and its sort key. */
export function galleryTime(rec: TaskRecord): number {
  return rec.task.submitTime ?? rec.createdAt;
}

/** Whether the gallery can show the picture as four (a 2×2 grid). */
export function isGalleryGrid(rec: TaskRecord): boolean {
  return isGridAction(rec.task.action);
}

/** Every finished picture, newest first. */
export function galleryRecords(records: readonly TaskRecord[]): TaskRecord[] {
  const out = records.filter(isGalleryPicture);
  const time = new Map(out.map((r) => [r, galleryTime(r)]));
  return out.sort((a, b) => time.get(b)! - time.get(a)! || (a.task.id < b.task.id ? 1 : -1));
}

/** The pictures the query lets through, in the given order. */
export function queryGallery(records: readonly TaskRecord[], q: GalleryQuery, now: number): TaskRecord[] {
  const { sref, ...filter } = q;
  const passed = filterTasks(records, filter, now);
  return sref ? passed.filter((r) => promptUsesRef(r.task.prompt, sref)) : passed;
}
