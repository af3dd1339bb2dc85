/**
 * Entry of the result panel's browser script (bundled to dist/webview.js). Takes the UI language's words
 * from the page, restores the task id the panel showed, says `ready`, and from then on draws whatever
 * whole state the host sends.
 */
import { setL10nBundle, t } from '../shared/l10n';
import type { WebviewMessage } from '../shared/protocol';
import { parsePanelState } from '../shared/protocol';
import { h } from './dom';
import { setTimeLocale } from './format';
import { parseHostMessage } from './hostMessage';
import type { PanelEvent } from './panelModel';
import { initialModel, reducePanel } from './panelModel';
import { createRenderer, panelSections } from './render';
import { buildView } from './viewModel';
import { vscodeApi } from './vscodeApi';

/** Relative times ("5 min ago") are redrawn this often; only the times section changes. */
const TICK_MS = 30_000;

/**
 * The translations the host put in the page as a JSON data block (host/panel/panelHtml.ts), set before the
 * first paint; English when the block is missing or unreadable. Exact times follow the page's `lang`.
 */
function loadLanguage(): void {
  setTimeLocale(document.documentElement.lang || undefined);
  const text = document.getElementById('l10n')?.textContent;
  if (!text) return;
  try {
    setL10nBundle(JSON.parse(text));
  } catch {
    // A broken block leaves the panel in English rather than blank.
  }
}

function start(): void {
  loadLanguage();
  const vscode = vscodeApi();
  const root =
    document.getElementById('app') ?? document.body.appendChild(h('main', { attrs: { id: 'app' } }));
  // The whole panel as a live region would re-announce every progress tick; one small status region
  // announces status changes only.
  root.removeAttribute('aria-live');
  const live = h('div', { className: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  document.body.append(live);

  let model = initialModel(parsePanelState(vscode.getState())?.taskId);
  let savedTaskId = model.restoredTaskId;
  let announced = '';

  const post = (msg: WebviewMessage): void => vscode.postMessage(msg);
  const render = createRenderer(root, panelSections(), { post, dispatch: (ev) => update(ev) });

  function draw(): void {
    const view = buildView(model, Date.now());
    render(view);
    const status = view.header ? t('Status: {0}', view.header.statusLabel) : '';
    if (status !== announced) {
      announced = status;
      live.textContent = status;
    }
  }

  function update(ev: PanelEvent): void {
    model = reducePanel(model, ev);
    const taskId = model.task?.id;
    if (taskId !== undefined && taskId !== savedTaskId) {
      savedTaskId = taskId;
      vscode.setState({ taskId });
    }
    draw();
  }

  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const msg = parseHostMessage(ev.data);
    if (msg) update(msg);
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') draw();
  }, TICK_MS);
  draw();
  post({ type: 'ready' });
}

start();
