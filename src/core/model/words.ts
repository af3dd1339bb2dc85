/** Our words for what the server says, shared by the tree, the panel and notifications, in the UI language. */
import { t } from '../../shared/l10n';

export function statusWords(status: string): string {
  switch (status) {
    case 'NOT_START':
      return t('Queued');
    case 'SUBMITTED':
      return t('Submitted');
    case 'IN_PROGRESS':
      return t('Running');
    case 'SUCCESS':
      return t('Done');
    case 'FAILURE':
      return t('Failed');
    case 'CANCEL':
      return t('Cancelled');
    case 'MODAL':
      return t('Waiting for input');
    case '':
      return t('Waiting for the server');
    default:
      return t('Unknown status "{0}"', status);
  }
}

/** "just now", "3 min ago", "2 h ago", "5 d ago". */
export function relativeTime(epochMs: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 45) return t('just now');
  const m = Math.round(s / 60);
  if (m < 60) return t('{0} min ago', m);
  const h = Math.round(m / 60);
  if (h < 36) return t('{0} h ago', h);
  return t('{0} d ago', Math.round(h / 24));
}
