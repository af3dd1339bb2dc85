/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * At activation: the agent tools' names (from package.json's `languageModelTools`) are registered with
 * `vscode.lm.registerTool`, each loading dist/agentTools.js on its first call; the MCP server definition
 * provider likewise. Feature-detected: on a host without them nothing is registered. `midjourney.agentTools`
 * false unregisters both. The journal of the MCP server is imported once the window has settled.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JOURNAL_FILE, journalDir } from '../../core/agents/journal';
import type * as AgentChunk from './agentTools.chunk';
import type { CommandContext } from '../commands/context';
import type { LmExtras } from './lmTypes';

type Chunk = typeof AgentChunk;
type Tools = ReturnType<Chunk['createTools']>;
let chunk: Chunk | undefined;
export const loadAgentTools = (): Chunk => (chunk ??= require('./agentTools.chunk') as Chunk);

const enabled = (): boolean =>
  vscode.workspace.getConfiguration('midjourney').get<boolean>('agentTools', true);

/** The tool names package.json declares. */
export function declaredTools(packageJSON: unknown): string[] {
  const tools = (packageJSON as { contributes?: { languageModelTools?: { name?: unknown }[] } }).contributes
    ?.languageModelTools;
  return (tools ?? []).map((t) => t.name).filter((n): n is string => typeof n === 'string');
}

export interface AgentRegistration extends vscode.Disposable {
  /** The real tool objects (loads the bundle): the integration test calls prepareInvocation on them. */
  tools(): Tools;
  /** The MCP server definition provider (loads the bundle), whether or not this host has MCP. */
  mcp(): ReturnType<Chunk['mcpProvider']>;
}

export function registerAgents(ctx: CommandContext): AgentRegistration {
  const extras = vscode as unknown as LmExtras;
  let tools: Tools | undefined;
  const real = (): Tools => (tools ??= loadAgentTools().createTools(ctx, enabled));
  const names = declaredTools(ctx.studio.context.extension.packageJSON) as (keyof Tools)[];
  let registered: vscode.Disposable[] = [];
  const changed = new vscode.EventEmitter<void>();
  const sync = (): void => {
    const on = enabled() && typeof extras.lm?.registerTool === 'function';
    if (on && !registered.length) {
      registered = names.map((name) =>
        vscode.lm.registerTool<unknown>(name, {
          prepareInvocation: (o, t) => real()[name].prepareInvocation?.(o, t),
          invoke: (o, t) => real()[name].invoke(o, t),
        }),
      );
    } else if (!on && registered.length) {
      for (const d of registered) d.dispose();
      registered = [];
    }
  };
  sync();
  const disposables: vscode.Disposable[] = [
    changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('midjourney')) return;
      sync();
      changed.fire();
    }),
    ctx.studio.keys.onDidChange(() => changed.fire()),
    ctx.studio.onDidSettle(() => {
      // The bundle loads only when there is a journal to read.
      void fs.promises
        .stat(path.join(journalDir(process.env, os.homedir()), JOURNAL_FILE))
        .then(() => loadAgentTools().importJournal(ctx))
        .catch(() => undefined);
    }),
  ];
  let provider: ReturnType<Chunk['mcpProvider']> | undefined;
  const get = (): ReturnType<Chunk['mcpProvider']> =>
    (provider ??= loadAgentTools().mcpProvider(ctx, changed.event));
  if (typeof extras.lm?.registerMcpServerDefinitionProvider === 'function') {
    disposables.push(
      extras.lm.registerMcpServerDefinitionProvider('midjourney-studio.mcp', {
        onDidChangeMcpServerDefinitions: changed.event,
        provideMcpServerDefinitions: (t) => get().provideMcpServerDefinitions(t),
        resolveMcpServerDefinition: (s, t) => get().resolveMcpServerDefinition?.(s, t) ?? s,
      }),
    );
  }
  return {
    tools: real,
    mcp: get,
    dispose: () => {
      for (const d of [...registered, ...disposables]) d.dispose();
    },
  };
}
