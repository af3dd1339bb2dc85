/** Our words for what the server says, shared by the tree, the panel and notifications. */

export function statusWords(status: string): string {
  switch (status) {
    case 'NOT_START':
      return 'Queued';
    case 'SUBMITTED':
      return 'Submitted';
    case 'IN_PROGRESS':
      return 'Running';
    case 'SUCCESS':
      return 'Done';
    case 'FAILURE':
      return 'Failed';
    case 'CANCEL':
      return 'Cancelled';
    case 'MODAL':
      return 'Waiting for input';
    case '':
      return 'Waiting for the server';
    default:
      return `Unknown status "${status}"`;
  }
}

/** "just now", "3 min ago", "2 h ago", "5 d ago". */
export function relativeTime(epochMs: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}
