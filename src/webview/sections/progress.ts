/** The progress bar while the server works: the percentage when known, an indeterminate sweep when not. */
import { t } from '../../shared/l10n';
import { h } from '../dom';
import type { ProgressView } from '../viewModel';
import { defineSection } from './section';

export const progressSection = defineSection<ProgressView>({
  key: 'progress',
  select: (view) => view.progress,
  render(data, _ctx, previous) {
    // Updated in place so the bar animates from the old width to the new one instead of jumping.
    const root =
      previous ?? h('section', { className: 'section progress', attrs: { 'data-section': 'progress' } });
    let bar = root.querySelector<HTMLElement>('.bar');
    let fill = root.querySelector<HTMLElement>('.bar-fill');
    let label = root.querySelector<HTMLElement>('.progress-text');
    if (!bar || !fill || !label) {
      fill = h('div', { className: 'bar-fill' });
      bar = h(
        'div',
        {
          className: 'bar',
          attrs: {
            role: 'progressbar',
            'aria-valuemin': '0',
            'aria-valuemax': '100',
            'aria-label': t('Progress'),
          },
        },
        [fill],
      );
      label = h('span', { className: 'progress-text' });
      root.replaceChildren(bar, label);
    }
    label.textContent = data.text;
    bar.setAttribute('aria-valuetext', data.text);
    if (data.percent === undefined) {
      bar.classList.add('indeterminate');
      bar.removeAttribute('aria-valuenow');
      fill.style.removeProperty('width');
    } else {
      bar.classList.remove('indeterminate');
      bar.setAttribute('aria-valuenow', String(data.percent));
      // CSSOM, not a style attribute: the panel's CSP allows it without any inline-style exception.
      fill.style.width = `${data.percent}%`;
    }
    return root;
  },
});
