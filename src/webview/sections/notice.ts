/** Notes about states the user may not expect: a MODAL task waiting for input, a status we do not know. */
import { h } from '../dom';
import type { NoticeView } from '../viewModel';
import { defineSection } from './section';

export const noticeSection = defineSection<NoticeView>({
  key: 'notice',
  select: (view) => view.notice,
  render(data) {
    const lines = data.modal
      ? [
          h('strong', { text: 'Waiting for your input' }),
          h('div', {
            className: 'muted',
            text: 'The server paused this task until the extra step (a prompt or a region) is sent.',
          }),
        ]
      : [
          h('strong', { text: 'Unknown status from the server' }),
          h('div', { className: 'muted' }, [
            'The server reported ',
            h('code', { text: data.unknownStatus || '(empty)' }),
            '. It is shown as is; Refresh asks again.',
          ]),
        ];
    return h(
      'section',
      { className: 'section notice', attrs: { 'data-section': 'notice', role: 'note' } },
      lines,
    );
  },
});
