import * as vscode from 'vscode';
import { isMjError, type MjError } from '../core/model/errors';
import { noLinks } from '../core/model/plainText';
import type { Log } from './log';
import { openSettings } from './config';

/**
 * Turns any error into one clear sentence with the action that fits ("Set API Key", "Open Settings",
 * "Retry", "Show Log"). `retry` is offered only when the caller passes it: a retried submit costs money,
 * so only the user decides.
 */
export async function showError(
  e: unknown,
  log: Log,
  opts: { context?: string; retry?: () => unknown } = {},
): Promise<void> {
  const err = isMjError(e) ? e : undefined;
  if (err?.kind === 'cancelled') return;
  const sentence = err
    ? err.userMessage
    : vscode.l10n.t('Something went wrong: {0}', e instanceof Error ? e.message : String(e));
  // The context is already translated by the caller; the colon joins two sentences the same way in every locale we ship.
  // The sentence may quote the server (a failReason, a description): never a link it chose.
  const message = noLinks(opts.context ? vscode.l10n.t('{0}: {1}', opts.context, sentence) : sentence);
  log.error(`${message}${err?.serverDescription ? ` [server: ${err.serverDescription}]` : ''}`);

  const labels = actionLabels();
  const actions = actionsFor(err, Boolean(opts.retry)).map((a) => labels[a]);
  const picked = await (err?.kind === 'business' || err?.kind === 'rateLimited'
    ? vscode.window.showWarningMessage(message, ...actions)
    : vscode.window.showErrorMessage(message, ...actions));
  const action = (Object.keys(labels) as Action[]).find((a) => labels[a] === picked);
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand('midjourney.setApiKey');
      break;
    case 'openSettings':
      await openSettings();
      break;
    case 'retry':
      await opts.retry?.();
      break;
    case 'showLog':
      log.show();
      break;
  }
}

type Action = 'setApiKey' | 'openSettings' | 'retry' | 'showLog';

/** Button texts in the UI language; the buttons are matched back by these, not by English text. */
function actionLabels(): Record<Action, string> {
  return {
    setApiKey: vscode.l10n.t('Set API Key'),
    openSettings: vscode.l10n.t('Open Settings'),
    retry: vscode.l10n.t('Retry'),
    showLog: vscode.l10n.t('Show Log'),
  };
}

function actionsFor(err: MjError | undefined, canRetry: boolean): Action[] {
  const out: Action[] = [];
  switch (err?.remedy) {
    case 'setApiKey':
      out.push('setApiKey');
      break;
    case 'openSettings':
      out.push('openSettings');
      break;
    case 'retry':
      if (canRetry && !err.mayHaveReachedServer) out.push('retry');
      break;
  }
  if (err?.kind === 'config' && !out.includes('openSettings')) out.push('openSettings');
  out.push('showLog');
  return out;
}
