/**
 * The filter's status groups in the user's words: the Tasks tree's filter (core/tasks/taskFilter.ts) and the
 * gallery's toolbar offer the same four, so they are named in one place and read the same in both.
 */
import { t } from './l10n';

/** Status groups the filter offers (our words, not the server's statuses). */
export type StatusGroup = 'running' | 'done' | 'failed' | 'waiting';

/** Our words for a status group, in the UI language. */
export function statusGroupLabel(g: StatusGroup): string {
  switch (g) {
    case 'running':
      return t('Running');
    case 'done':
      return t('Done');
    case 'failed':
      return t('Failed or cancelled');
    case 'waiting':
      return t('Waiting for input');
  }
}
