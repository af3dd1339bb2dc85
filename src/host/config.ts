import * as vscode from 'vscode';
import type { AuthHeaderStyle } from '../core/types';

/** The settings this extension reads, typed. Setting ids are public: docs and other tools depend on them. */
export interface Settings {
  baseUrl: string;
  authHeader: AuthHeaderStyle;
  promptSuffix: string;
  notifyOnFinish: boolean;
}

export const DEFAULT_BASE_URL = 'https://api.deerapi.com';

/**
 * Reads the settings. `baseUrl` and `authHeader` are application-scoped, and we read only their
 * global (user) value, so a workspace's .vscode/settings.json can never redirect the key to its own host.
 */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('midjourney');
  const baseUrl = c.inspect<string>('baseUrl');
  const authHeader = c.inspect<string>('authHeader');
  const header = authHeader?.globalValue ?? authHeader?.defaultValue;
  return {
    baseUrl: (baseUrl?.globalValue ?? baseUrl?.defaultValue ?? DEFAULT_BASE_URL).trim() || DEFAULT_BASE_URL,
    authHeader: header === 'mj-api-secret' ? 'mj-api-secret' : 'Authorization',
    promptSuffix: c.get<string>('promptSuffix', '').trim(),
    notifyOnFinish: c.get<boolean>('notifyOnFinish', true),
  };
}

/** Opens the Settings editor on our settings. */
export function openSettings(query = 'midjourney.'): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', query);
}
