import * as vscode from 'vscode';
import { isMjError, type MjError } from '../core/errors';
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
    : `Something went wrong: ${e instanceof Error ? e.message : String(e)}`;
  const message = opts.context ? `${opts.context}: ${sentence}` : sentence;
  log.error(`${message}${err?.serverDescription ? ` [server: ${err.serverDescription}]` : ''}`);

  const actions = actionsFor(err, Boolean(opts.retry));
  const picked = await (err?.kind === 'business' || err?.kind === 'rateLimited'
    ? vscode.window.showWarningMessage(message, ...actions)
    : vscode.window.showErrorMessage(message, ...actions));
  switch (picked) {
    case 'Set API Key':
      await vscode.commands.executeCommand('midjourney.setApiKey');
      break;
    case 'Open Settings':
      await openSettings();
      break;
    case 'Retry':
      await opts.retry?.();
      break;
    case 'Show Log':
      log.show();
      break;
  }
}

function actionsFor(err: MjError | undefined, canRetry: boolean): string[] {
  const out: string[] = [];
  switch (err?.remedy) {
    case 'setApiKey':
      out.push('Set API Key');
      break;
    case 'openSettings':
      out.push('Open Settings');
      break;
    case 'retry':
      if (canRetry && !err.mayHaveReachedServer) out.push('Retry');
      break;
  }
  if (err?.kind === 'config' && !out.includes('Open Settings')) out.push('Open Settings');
  out.push('Show Log');
  return out;
}
