/**
 * Which button an agent's word names: a customId the server sent, or a label (`U2`, `Vary (Strong)`,
 * case and spaces ignored), or an emoji-only button by its emoji. Nothing else is ever pressed: a word that
 * names no offered button is refused here, before any request.
 */
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import type { TaskRecord } from '../tasks/store';
import type { ViewButton } from '../../shared/protocol';
import { offeredButtons, oneLine } from './format';

const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, '');

export function resolveButton(rec: TaskRecord, word: string): ViewButton {
  const offered = offeredButtons(rec);
  const exact = offered.find((b) => b.customId === word);
  if (exact) return exact;
  const w = norm(word);
  // The panel shows a codicon instead of the emoji of a known family, so the emoji is read from what the server sent.
  const serverEmoji = new Map((rec.task.buttons ?? []).map((b) => [b.customId, b.emoji ?? '']));
  const emojiOf = (b: ViewButton): string => serverEmoji.get(b.customId) || b.emoji || '';
  const byLabel = offered.filter((b) => norm(b.label) === w || (emojiOf(b) && norm(emojiOf(b)) === w));
  if (byLabel.length === 1) return byLabel[0];
  if (!offered.length) {
    throw new MjError({
      kind: 'business',
      message: t('Task {0} offers no buttons (it is {1}).', rec.task.id, rec.task.status || 'SUBMITTED'),
    });
  }
  throw new MjError({
    kind: 'business',
    message: t('The server did not offer the button "{0}" for this task.', oneLine(word, 80)),
    hint: t('Offered: {0}.', offered.map((b) => oneLine(b.label, 40)).join(', ')),
  });
}
