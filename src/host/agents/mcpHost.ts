/**
 * The MCP server in VS Code: a McpServerDefinitionProvider that starts dist/mcp.js with the active profile's
 * server in its environment and the key added only when VS Code starts it (resolveMcpServerDefinition), never
 * in mcp.json, settings or a log; and the import of the tasks the server made (its journal) into the list.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JOURNAL_FILE, journalDir, readJournal } from '../../core/agents/journal';
import { checkBaseUrl } from '../../core/net/origin';
import { isFinal } from '../../core/model/types';
import type { CommandContext } from '../commands/context';
import type { LmExtras, McpServerDefinitionProvider, McpStdioServerDefinition } from './lmTypes';

/** The provider id package.json's `mcpServerDefinitionProviders` declares. */
export const MCP_PROVIDER_ID = 'midjourney-studio.mcp';

/** The server's environment without the key: what any config may show. */
export function mcpEnv(ctx: CommandContext): Record<string, string> {
  const p = ctx.studio.settings.active;
  const env: Record<string, string> = { MJ_BASE_URL: p.baseUrl };
  if (p.authHeader && p.authHeader !== 'Authorization') env.MJ_AUTH_HEADER = p.authHeader;
  if (p.speed) env.MJ_SPEED = p.speed;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') env.MJ_WORKSPACE = folder.uri.fsPath;
  const save = vscode.workspace.getConfiguration('midjourney').get<string>('saveFolder');
  if (save) env.MJ_SAVE_FOLDER = save;
  return env;
}

export function mcpScript(ctx: CommandContext): string {
  return vscode.Uri.joinPath(ctx.studio.context.extensionUri, 'dist', 'mcp.js').fsPath;
}

export function mcpProvider(ctx: CommandContext, changed: vscode.Event<void>): McpServerDefinitionProvider {
  const Ctor = (vscode as unknown as LmExtras).McpStdioServerDefinition;
  return {
    onDidChangeMcpServerDefinitions: changed,
    provideMcpServerDefinitions: () => {
      if (!Ctor) return [];
      if (!vscode.workspace.getConfiguration('midjourney').get<boolean>('agentTools', true)) return [];
      const version = String(ctx.studio.context.extension.packageJSON.version ?? '0');
      // Electron's own binary runs the script as Node; no `node` on the PATH is needed.
      const env = { ...mcpEnv(ctx), ELECTRON_RUN_AS_NODE: '1' };
      return [new Ctor('Midjourney Studio', process.execPath, [mcpScript(ctx)], env, version)];
    },
    resolveMcpServerDefinition: async (server: McpStdioServerDefinition) => {
      const p = ctx.studio.settings.active;
      const checked = checkBaseUrl(p.baseUrl);
      const key = checked.ok ? await ctx.studio.keys.get(p.id, checked.origin) : undefined;
      if (!key) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('No API key is set. Run "Midjourney: Set API Key" first.'),
        );
        return server;
      }
      watchJournal(ctx);
      server.env = { ...server.env, MJ_API_KEY: key };
      return server;
    },
  };
}

const IMPORTED_KEY = 'midjourney.mcpImported';
const IMPORTED_MAX = 2000;

/**
 * Adds the tasks the MCP server made (outside this window) to the list, each under the profile of its server;
 * a task that is already in the list, or was imported before (and maybe deleted since), is skipped.
 * Returns the ids added.
 */
export async function importJournal(
  ctx: CommandContext,
  dir = journalDir(process.env, os.homedir()),
): Promise<string[]> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(dir, JOURNAL_FILE), 'utf8');
  } catch {
    return [];
  }
  const state = ctx.studio.context.globalState;
  const seen = new Set(state.get<string[]>(IMPORTED_KEY) ?? []);
  const profiles = ctx.studio.settings.profiles;
  const added: string[] = [];
  for (const e of readJournal(text)) {
    const id = e.record.task.id;
    if (seen.has(id) || ctx.studio.store.get(id)) continue;
    const profile = profiles.find((p) => {
      const c = checkBaseUrl(p.baseUrl);
      return c.ok && c.origin === e.server;
    });
    if (!profile) continue;
    // The server's image copy is outside what the panel may show: this window downloads its own.
    await ctx.studio.store.add({ ...e.record, profileId: profile.id, localImage: undefined, notify: false });
    if (!isFinal(e.record.task.status) && e.record.task.status !== 'MODAL') ctx.studio.poller.track(id);
    added.push(id);
    seen.add(id);
  }
  if (added.length) {
    await state.update(IMPORTED_KEY, [...seen].slice(-IMPORTED_MAX));
    ctx.log.info(`MCP journal: ${added.length} task(s) added`);
  }
  return added;
}

let watcher: fs.FSWatcher | undefined;

/** While VS Code runs our MCP server, what it makes shows up in the tree as it goes. */
function watchJournal(ctx: CommandContext): void {
  if (watcher) return;
  const dir = journalDir(process.env, os.homedir());
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    let timer: NodeJS.Timeout | undefined;
    watcher = fs.watch(dir, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void importJournal(ctx, dir).catch(() => undefined), 300);
    });
    ctx.studio.context.subscriptions.push({ dispose: () => watcher?.close() });
  } catch (e) {
    ctx.log.warn(`MCP journal: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** "Midjourney: Copy MCP Server Config": the config for agents in a terminal, with the key as a placeholder. */
export async function copyMcpServerConfig(ctx: CommandContext): Promise<string> {
  const config = {
    mcpServers: {
      'midjourney-studio': {
        type: 'stdio',
        command: 'node',
        args: [mcpScript(ctx)],
        env: { ...mcpEnv(ctx), MJ_API_KEY: '<your API key>' },
      },
    },
  };
  const text = JSON.stringify(config, null, 2);
  try {
    await vscode.env.clipboard.writeText(text);
  } catch (e) {
    ctx.log.warn(`clipboard: ${e instanceof Error ? e.message : String(e)}`);
  }
  void vscode.window.showInformationMessage(
    vscode.l10n.t('MCP server config copied. Replace <your API key> with your key (or use MJ_API_KEY_FILE).'),
  );
  return text;
}
