import * as vscode from 'vscode';
import type { CommandContext } from './host/commands/context';
import { declaredCommands, registerCommands } from './host/commands/lazy';
import type * as StartChunk from './host/start.chunk';
import type { Started, StudioApi } from './host/start.chunk';
import { setL10nBundle } from './shared/l10n';

export type { StudioApi } from './host/start.chunk';

/**
 * Registers what VS Code must know at once (the command ids) and returns; the rest of the start (store,
 * poller, tree, panels' host, status bar) runs right after, from its own bundle (host/start.chunk.ts), so the
 * window's start never waits for it. A command run before that finishes waits for it. In the extension's own
 * tests activate() resolves to the studio, in every other mode to nothing: other extensions get no handle on
 * the key store.
 */
export function activate(context: vscode.ExtensionContext): Promise<StudioApi> | undefined {
  // The core's and the panel's sentences in the UI language (English when VS Code loaded no bundle).
  setL10nBundle(vscode.l10n.bundle);
  const started = new Promise<Started>((resolve, reject) => {
    setImmediate(() => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        resolve((require('./host/start.chunk') as typeof StartChunk).start(context));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
  started.catch((e: unknown) => {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Midjourney Studio could not start: {0}', e instanceof Error ? e.message : String(e)),
    );
  });
  const ctx: Promise<CommandContext> = started.then((s) => s.ctx);
  context.subscriptions.push(...registerCommands(ctx, declaredCommands(context.extension.packageJSON)));
  return context.extensionMode === vscode.ExtensionMode.Test ? started.then((s) => s.api) : undefined;
}

export function deactivate(): void {}
