/* eslint-disable @typescript-eslint/no-require-imports */
import * as vscode from 'vscode';
import type { PanelActions } from '../panel/taskPanel';
import type * as CommandsChunk from './commands.chunk';
import type { CommandContext } from './context';

type Chunk = typeof CommandsChunk;
let chunk: Chunk | undefined;

/** The commands bundle, loaded on first use (a require of dist/commands.js; in unit tests the compiled file). */
export function loadCommands(): Chunk {
  return (chunk ??= require('./commands.chunk') as Chunk);
}

/**
 * Registers every command id package.json declares with a handler that loads the commands bundle on its first
 * run: VS Code must know the ids at activation, their code can wait (and the context, while the start finishes). The integration test checks that the ids
 * here and the table in register.ts are the same.
 */
export function registerCommands(
  ctx: CommandContext | Promise<CommandContext>,
  ids: readonly string[],
): vscode.Disposable[] {
  return ids.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      const handler = loadCommands().COMMANDS[id];
      if (!handler) throw new Error(`Midjourney Studio: no handler for the command ${id}`);
      return handler(await ctx, ...args);
    }),
  );
}

/** The command ids the extension's package.json contributes. */
export function declaredCommands(packageJSON: unknown): string[] {
  const commands = (packageJSON as { contributes?: { commands?: { command?: unknown }[] } }).contributes
    ?.commands;
  return (commands ?? []).map((c) => c.command).filter((c): c is string => typeof c === 'string');
}

/** The panel's actions, each loading the commands bundle when first pressed. */
export function lazyPanelActions(ctx: CommandContext): PanelActions {
  let actions: PanelActions | undefined;
  const get = (): PanelActions => (actions ??= loadCommands().panelActions(ctx));
  return {
    pressButton: (...a) => get().pressButton(...a),
    editImage: (...a) => get().editImage(...a),
    retry: (...a) => get().retry(...a),
    refresh: (...a) => get().refresh(...a),
    copyPrompt: (...a) => get().copyPrompt(...a),
    open: (...a) => get().open(...a),
    cancel: (...a) => get().cancel(...a),
    usePrompt: (...a) => get().usePrompt(...a),
    insertImage: (...a) => get().insertImage(...a),
    saveImageAs: (...a) => get().saveImageAs(...a),
    submitMask: (...a) => get().submitMask(...a),
    extendVideo: (...a) => get().extendVideo(...a),
    saveVideo: (...a) => get().saveVideo(...a),
  };
}
