/** Notes about states the user may not expect: a MODAL task waiting for input, a status we do not know. */
import { t } from '../../shared/l10n';
import { h, sentence } from '../dom';
import type { NoticeView } from '../viewModel';
import { defineSection } from './section';

export const noticeSection = defineSection<NoticeView>({
  key: 'notice',
  select: (view) => view.notice,
  render(data) {
    const lines = data.modal
      ? [
          h('strong', { text: t('Waiting for your input') }),
          h('div', {
            className: 'muted',
            text: t('The server paused this task until the extra step (a prompt or a region) is sent.'),
          }),
        ]
      : [
          h('strong', { text: t('Unknown status from the server') }),
          h(
            'div',
            { className: 'muted' },
            sentence(
              t('The server reported {0}. It is shown as is; Refresh asks again.'),
              h('code', { text: data.unknownStatus || t('(empty)') }),
            ),
          ),
        ];
    return h(
      'section',
      { className: 'section notice', attrs: { 'data-section': 'notice', role: 'note' } },
      lines,
    );
  },
});
