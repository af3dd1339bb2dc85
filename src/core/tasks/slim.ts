/**
 * What of a server task we store. globalState is rewritten whole on every change and the archive is read
 * whole at start, so every byte a record carries is paid again and again.
 */
import type { Task } from '../model/types';

/** Longest server text we keep per field (a relay may put a whole HTML error page in a description). */
export const MAX_STORED_TEXT = 4000;

function cap(s: string): string;
function cap(s: string | undefined): string | undefined;
function cap(s: string | undefined): string | undefined {
  return s !== undefined && s.length > MAX_STORED_TEXT ? s.slice(0, MAX_STORED_TEXT) : s;
}

/**
 * What we keep of a server task: the fields something shows or sends back, huge server strings trimmed.
 * `state`, `botType` and `videoUrls` are shown nowhere and can be long, so they are dropped; of `imageUrls`
 * (a grid's four pictures, shown and kept one by one) the first four http(s) links of sane length stay.
 */
export function slimTask(t: Task): Task {
  const { state: _state, botType: _bot, imageUrls: urls, videoUrls: _videos, ...kept } = t;
  void _state;
  void _bot;
  void _videos;
  const slim: Task = {
    ...kept,
    state: '',
    prompt: cap(t.prompt),
    promptEn: cap(t.promptEn),
    description: cap(t.description),
  };
  const pictures = (urls ?? []).filter((u) => /^https?:\/\//i.test(u) && u.length <= 2048).slice(0, 4);
  if (pictures.length > 0) slim.imageUrls = pictures;
  if (t.failReason !== undefined) slim.failReason = cap(t.failReason);
  if (t.finalPrompt !== undefined) slim.finalPrompt = cap(t.finalPrompt);
  return slim;
}
