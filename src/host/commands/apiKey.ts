import * as vscode from 'vscode';
import type { CommandContext } from './context';
import { showError } from '../errors';

/**
 * `midjourney.setApiKey`: asks for the key in a password box and keeps it in SecretStorage for the configured
 * server's origin. An automation (tests) may pass the key as the argument; it is never echoed anywhere.
 */
export async function setApiKey(ctx: CommandContext, given?: unknown): Promise<boolean> {
  const profile = ctx.studio.settings.active;
  let origin: string;
  try {
    origin = ctx.studio.origin(profile);
  } catch (e) {
    await showError(e, ctx.log);
    return false;
  }
  const key =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Midjourney: Set API Key'),
          prompt: vscode.l10n.t(
            "The key for {0} ({1}). It is kept in VS Code's secret storage and sent only to this server.",
            profile.name,
            origin,
          ),
          password: true,
          ignoreFocusOut: true,
          placeHolder: vscode.l10n.t('sk-…'),
          validateInput: (v) =>
            v.trim() ? undefined : vscode.l10n.t('Paste your API key (it cannot be empty).'),
        });
  if (key === undefined || !key.trim()) return false;
  await ctx.studio.keys.set(profile.id, origin, key.trim());
  ctx.log.setSecret(key.trim());
  ctx.log.info(`API key saved for ${origin}`);
  // A saved key is not yet a working one: offer to check it at once (reads only, nothing is submitted).
  const test = vscode.l10n.t('Test Connection');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('Midjourney: API key saved for {0}. Check that it works?', origin),
      test,
    )
    .then((pick) => {
      if (pick === test) void vscode.commands.executeCommand('midjourney.testConnection');
    });
  return true;
}

/** `midjourney.clearApiKey`: forgets the key of the configured server. */
export async function clearApiKey(ctx: CommandContext): Promise<void> {
  try {
    const profile = ctx.studio.settings.active;
    const origin = ctx.studio.origin(profile);
    await ctx.studio.keys.clear(profile.id, origin);
    ctx.log.info(`API key removed for ${origin}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Midjourney: API key removed for {0}.', origin));
  } catch (e) {
    await showError(e, ctx.log);
  }
}

/** Makes sure there is a key before a submit; asks for it the first time. False when the user gave none. */
export async function ensureApiKey(ctx: CommandContext): Promise<boolean> {
  if (await ctx.studio.hasKey()) return true;
  return setApiKey(ctx);
}
