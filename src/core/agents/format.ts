/**
 * What a tool answers an agent: a few `key: value` lines in a fixed order, the same in VS Code and over MCP.
 * Agents parse it, so keys never change and server text is kept on one line.
 */
import { viewButtonsFor } from '../api/buttons';
import { resultPrompts } from '../prompts/describePrompts';
import { isFinal } from '../model/types';
import type { TaskRecord } from '../tasks/store';
import type { ViewButton } from '../../shared/protocol';

/** Server text on one line, at most `max` characters. */
export function oneLine(s: string, max = 300): string {
  const flat = s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The buttons an agent may press on this task (the server's, or our U/V/reroll set where it sent none). */
export function offeredButtons(rec: TaskRecord): ViewButton[] {
  return rec.task.status === 'SUCCESS' ? viewButtonsFor(rec.task) : [];
}

export interface FormatExtras {
  /** Where the result image is on this machine, when known. */
  file?: string;
  /** Ids of the tasks made from this one. */
  children?: string[];
  /** Something to say first (e.g. "still running after 30 s"). */
  note?: string;
}

/**
 * The short stable format:
 *   taskId: 123
 *   status: SUCCESS
 *   progress: 100%
 *   action: IMAGINE
 *   prompt: a lighthouse at dusk
 *   buttons: U1 [MJ::JOB::upsample::1::x] | U2 [...]
 *   file: /home/me/.../123.png
 *   parent: 122
 *   children: 124, 125
 */
export function formatTask(rec: TaskRecord, extras: FormatExtras = {}): string {
  const t = rec.task;
  const lines: string[] = [];
  if (extras.note) lines.push(`note: ${oneLine(extras.note)}`);
  lines.push(`taskId: ${t.id}`);
  lines.push(`status: ${t.status || 'SUBMITTED'}`);
  if (t.progress !== undefined) lines.push(`progress: ${t.progress}%`);
  lines.push(`action: ${t.action}`);
  if (t.prompt) lines.push(`prompt: ${oneLine(t.prompt, 1000)}`);
  if (t.failReason) lines.push(`failReason: ${oneLine(t.failReason)}`);
  const buttons = offeredButtons(rec);
  if (buttons.length) {
    lines.push(`buttons: ${buttons.map((b) => `${oneLine(b.label, 60)} [${b.customId}]`).join(' | ')}`);
  }
  const prompts = resultPrompts(t);
  prompts.forEach((p, i) => lines.push(`prompt${i + 1}: ${oneLine(p, 1000)}`));
  if (extras.file) lines.push(`file: ${extras.file}`);
  if (t.status === 'SUCCESS' && t.imageUrl && /^https?:\/\//i.test(t.imageUrl)) {
    lines.push(`imageUrl: ${oneLine(t.imageUrl, 2000)}`);
  }
  if (rec.parentId) lines.push(`parent: ${rec.parentId}`);
  if (extras.children?.length) lines.push(`children: ${extras.children.join(', ')}`);
  if (!isFinal(t.status) && t.status !== 'MODAL') {
    lines.push('next: call midjourney_task with this taskId and waitSeconds to get the result');
  } else if (t.status === 'SUCCESS' && t.imageUrl) {
    lines.push(
      'next: midjourney_save puts the picture into the workspace; midjourney_action presses a button',
    );
  }
  return lines.join('\n');
}
