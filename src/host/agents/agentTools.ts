/**
 * The agent tools in VS Code: each of the five Language Model Tools is a thin adapter over the core's
 * AgentCore (src/core/agents/), with the host's files (the workspace, the image cache, the save folder) and
 * its key. Loaded on first use (dist/agentTools.js): lazy.ts registers the names at activation.
 */
import * as vscode from 'vscode';
import { AgentCore, type AgentDeps, type AgentResult } from '../../core/agents/agentCore';
import { PAYING_TOOLS, safeRelativePath, type AgentToolName } from '../../core/agents/tools';
import { MjError } from '../../core/model/errors';
import { checkBaseUrl } from '../../core/net/origin';
import type { CommandContext } from '../commands/context';
import type { LmExtras } from './lmTypes';

/** The workspace folder a path belongs to: relative to the first folder, or absolute inside one. */
function workspaceUri(p: string): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    throw new MjError({
      kind: 'business',
      message: vscode.l10n.t('Open a folder first: images are saved into the workspace.'),
    });
  }
  if (/^([a-zA-Z]:[\\/]|\/)/.test(p)) {
    const uri = vscode.Uri.file(p);
    if (!vscode.workspace.getWorkspaceFolder(uri)) {
      throw new MjError({
        kind: 'business',
        message: vscode.l10n.t('The path "{0}" leaves the workspace.', p.slice(0, 200)),
      });
    }
    return uri;
  }
  return vscode.Uri.joinPath(folders[0].uri, ...safeRelativePath(p));
}

export function hostDeps(ctx: CommandContext): AgentDeps {
  const { studio, library } = ctx;
  return {
    tasks: studio.tasks,
    store: studio.store,
    serverName: () => {
      const checked = checkBaseUrl(studio.settings.active.baseUrl);
      return checked.ok
        ? `${studio.settings.active.name} (${new URL(checked.origin).host})`
        : studio.settings.active.name;
    },
    readFile: async (p) => {
      const uri = workspaceUri(p);
      try {
        return { name: uri.path.split('/').pop() ?? p, bytes: await vscode.workspace.fs.readFile(uri) };
      } catch {
        throw new MjError({
          kind: 'business',
          message: vscode.l10n.t('There is no file {0} in the workspace.', p.slice(0, 200)),
        });
      }
    },
    image: async (rec) => {
      const img = await library.read(rec.task.id);
      return { bytes: img.bytes, ext: img.ext, file: studio.store.get(rec.task.id)?.localImage };
    },
    writeFile: async (dir, name, bytes) => {
      const root = vscode.workspace.workspaceFolders?.[0];
      const folder = dir ? (root ? vscode.Uri.joinPath(root.uri, ...dir) : undefined) : library.saveFolder();
      if (!root || !folder) {
        throw new MjError({
          kind: 'business',
          message: vscode.l10n.t('Open a folder first: images are saved into the workspace.'),
        });
      }
      const target = await library.writeUnique(folder, name, bytes);
      return vscode.workspace.asRelativePath(target, false);
    },
    ready: async () => {
      if (!(await studio.hasKey())) {
        throw new MjError({
          kind: 'auth',
          message: vscode.l10n.t('No API key is set. Run "Midjourney: Set API Key" first.'),
          remedy: 'setApiKey',
        });
      }
    },
  };
}

/** The five tools as VS Code's LanguageModelTool objects (the integration test calls prepareInvocation on them). */
export function createTools(
  ctx: CommandContext,
  enabled: () => boolean,
): Record<AgentToolName, vscode.LanguageModelTool<unknown>> {
  const core = new AgentCore(hostDeps(ctx));
  const make = (name: AgentToolName): vscode.LanguageModelTool<unknown> => ({
    prepareInvocation(options) {
      const c = core.confirmation(name, options.input);
      const invocationMessage = vscode.l10n.t('Midjourney: {0}', name.replace('midjourney_', ''));
      if (!c) return { invocationMessage };
      // Money needs a person: every paying call is confirmed; nothing is confirmed on the user's behalf.
      return {
        invocationMessage,
        confirmationMessages: { title: c.title, message: confirmationMarkdown(c.message) },
      };
    },
    async invoke(options, token) {
      if (!enabled()) {
        throw new Error(
          vscode.l10n.t('The Midjourney agent tools are turned off (setting midjourney.agentTools).'),
        );
      }
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const result = await core.invoke(name, options.input, abort.signal);
        if (PAYING_TOOLS.has(name) && result.taskId) {
          // Like the commands: the task is this window's, so it is notified when it finishes.
          ctx.studio.startedHere.add(result.taskId);
          ctx.tree.refresh();
        }
        return toResult(result);
      } catch (e) {
        ctx.log.warn(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        throw new Error(e instanceof MjError ? e.userMessage : e instanceof Error ? e.message : String(e));
      } finally {
        sub.dispose();
      }
    },
  });
  return {
    midjourney_imagine: make('midjourney_imagine'),
    midjourney_task: make('midjourney_task'),
    midjourney_action: make('midjourney_action'),
    midjourney_describe: make('midjourney_describe'),
    midjourney_save: make('midjourney_save'),
  };
}

/**
 * The confirmation as Markdown that shows the text as it is: the prompt is the agent's (untrusted) text, so every
 * Markdown character is escaped, nothing is trusted and no HTML is rendered; paragraphs stay paragraphs.
 */
export function confirmationMarkdown(text: string): vscode.MarkdownString {
  const escaped = text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (ch) => `\\${ch}`);
  const md = new vscode.MarkdownString(escaped);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/** Text for every host; a small picture where the host has LanguageModelDataPart (1.106+). */
function toResult(r: AgentResult): vscode.LanguageModelToolResult {
  const parts: unknown[] = [new vscode.LanguageModelTextPart(r.text)];
  const DataPart = (vscode as unknown as LmExtras).LanguageModelDataPart;
  if (r.image && typeof DataPart?.image === 'function')
    parts.push(DataPart.image(r.image.bytes, r.image.mime));
  return new vscode.LanguageModelToolResult(parts as vscode.LanguageModelTextPart[]);
}
