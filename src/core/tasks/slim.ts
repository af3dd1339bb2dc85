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
 * `state`, `botType`, `imageUrls` and `videoUrls` are shown nowhere and can be long, so they are dropped.
 */
export function slimTask(t: Task): Task {
  const { state: _state, botType: _bot, imageUrls: _urls, videoUrls: _videos, ...kept } = t;
  void _state;
  void _bot;
  void _urls;
  void _videos;
  const slim: Task = {
    ...kept,
    state: '',
    prompt: cap(t.prompt),
    promptEn: cap(t.promptEn),
    description: cap(t.description),
  };
  if (t.failReason !== undefined) slim.failReason = cap(t.failReason);
  if (t.finalPrompt !== undefined) slim.finalPrompt = cap(t.finalPrompt);
  return slim;
}
