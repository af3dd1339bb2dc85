/**
 * Pure formatting for the result panel: no DOM, so it runs (and is tested) in plain Node.
 */
import { t } from '../shared/l10n';
import { BUTTON_GROUP_ORDER } from '../shared/protocol';
import type { ButtonGroup, ViewButton } from '../shared/protocol';

/** Image sources the panel loads: remote images and the webview's own resource URIs, nothing else. */
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set([
  'https:',
  'http:',
  'vscode-webview-resource:',
  'vscode-resource:',
]);

/**
 * The image source to load, or undefined when it must not be loaded. Only http(s) and VS Code's
 * webview resource schemes pass (`https://file+.vscode-resource.vscode-cdn.net/…` is plain https);
 * `javascript:`, `data:`, relative and unparsable links are refused. Server text is untrusted.
 */
export function safeImageSrc(src: unknown): string | undefined {
  if (typeof src !== 'string') return undefined;
  const s = src.trim();
  if (s.length === 0 || s.length > 8192 || /[\u0000-\u001f\u007f]/.test(s)) return undefined;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return undefined;
  }
  if (!IMAGE_PROTOCOLS.has(url.protocol)) return undefined;
  if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length === 0) return undefined;
  return url.href;
}

/** How the panel colours and words a status. */
export type StatusKind = 'queued' | 'running' | 'success' | 'failure' | 'cancelled' | 'modal' | 'unknown';

/** Maps a server status to its kind; anything we do not know is 'unknown' (shown as is, with a note). */
export function statusKind(status: string): StatusKind {
  switch (status) {
    case 'NOT_START':
    case 'SUBMITTED':
    case '':
      return 'queued';
    case 'IN_PROGRESS':
      return 'running';
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
      return 'failure';
    case 'CANCEL':
      return 'cancelled';
    case 'MODAL':
      return 'modal';
    default:
      return 'unknown';
  }
}

/** A progress value for the bar: a whole number 0-100, or undefined when the server did not say. */
export function clampProgress(progress: number | undefined): number | undefined {
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return undefined;
  return Math.round(Math.min(100, Math.max(0, progress)));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 min ago", "3 h ago", "2 d ago". Coarse on purpose: the panel refreshes it every
 * 30 s, so seconds would be stale. A time in the future (clock skew with the server) is "just now".
 */
export function formatRelative(ms: number, now: number): string {
  const d = now - ms;
  if (d < 45 * SECOND) return t('just now');
  if (d < HOUR) return t('{0} min ago', Math.max(1, Math.floor(d / MINUTE)));
  if (d < DAY) return t('{0} h ago', Math.floor(d / HOUR));
  return t('{0} d ago', Math.floor(d / DAY));
}

/** The locale of exact times: VS Code's UI language (the page's `lang`), not the browser's. */
let timeLocale: string | undefined;

/** Sets the locale of formatAbsolute; an unknown or malformed tag falls back to the browser's. */
export function setTimeLocale(locale: string | undefined): void {
  try {
    timeLocale = locale ? Intl.getCanonicalLocales(locale)[0] : undefined;
  } catch {
    timeLocale = undefined;
  }
}

/** The exact time, in the UI language, for the tooltip. */
export function formatAbsolute(ms: number): string {
  return new Date(ms).toLocaleString(timeLocale, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** "42 s", "3 min 5 s", "2 h 10 min". Negative spans (clock skew) read as "0 s". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  if (total < 60) return t('{0} s', total);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? t('{0} h {1} min', h, m) : t('{0} h', h);
  return s > 0 ? t('{0} min {1} s', m, s) : t('{0} min', m);
}

/** Panel order of the button groups (the same order core/buttons.ts sorts by). */
export const GROUP_ORDER: readonly ButtonGroup[] = BUTTON_GROUP_ORDER;

/** The heading above each group's row, in the UI language (a function: the bundle is set after load). */
export function groupTitle(group: ButtonGroup): string {
  switch (group) {
    case 'upscale':
      return t('Upscale');
    case 'variation':
      return t('Variations');
    case 'reroll':
      return t('Reroll');
    case 'vary':
      return t('Vary');
    case 'zoom':
      return t('Zoom');
    case 'pan':
      return t('Pan');
    case 'video':
      return t('Video');
    case 'other':
      return t('Other');
    default: {
      const never: never = group;
      return never;
    }
  }
}

/** What a button says: emoji and label, each once. */
export function buttonText(button: Pick<ViewButton, 'emoji' | 'label'>): string {
  const emoji = button.emoji.trim();
  const label = button.label.trim();
  if (emoji.length === 0 || emoji === label) return label;
  return label.length === 0 ? emoji : `${emoji} ${label}`;
}

/** Alt text for the result image; long prompts are cut so a screen reader does not read a paragraph. */
export function imageAlt(prompt: string): string {
  const p = prompt.trim().replace(/\s+/g, ' ');
  if (p.length === 0) return t('Result image');
  return t('Result image for: {0}', p.length > 200 ? `${p.slice(0, 199)}…` : p);
}
