import * as vscode from 'vscode';
import type { ProxySettings } from '../core/net/proxy';
import type { AuthHeaderStyle } from '../core/model/types';

/** Speed path prefixes a server may offer (trueai: /mj-fast, /mj-relax, /mj-turbo). */
export type Speed = '' | 'fast' | 'relax' | 'turbo';

/** One server the user works with: its address, how the key is sent, and which speed. */
export interface Profile {
  /** Stable id: 'default' for the one built from midjourney.baseUrl, else the profile's name. */
  id: string;
  name: string;
  baseUrl: string;
  authHeader: AuthHeaderStyle;
  speed: Speed;
}

/** The settings this extension reads, typed. Setting ids are public: docs and other tools depend on them. */
export interface Settings {
  profiles: Profile[];
  active: Profile;
  promptSuffix: string;
  /** The suffix comes from the workspace (or a folder), not from the user's own settings. */
  promptSuffixFromWorkspace: boolean;
  notifyOnFinish: boolean;
  proxy: ProxySettings;
}

export const DEFAULT_BASE_URL = 'https://api.deerapi.com';

/** A readable name for a server address. */
export function serverName(baseUrl: string): string {
  try {
    const host = new URL(baseUrl).hostname;
    if (host === 'api.deerapi.com') return 'DeerAPI';
    return host;
  } catch {
    return baseUrl;
  }
}

/**
 * Reads the settings. Where the key may go (`baseUrl`, `authHeader`, `profiles`, `activeProfile`) is
 * application-scoped, and we read only the global (user) values, so a workspace's .vscode/settings.json can
 * never redirect the key to its own host.
 */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('midjourney');
  const user = <T>(key: string): T | undefined => {
    const i = c.inspect<T>(key);
    return i?.globalValue ?? i?.defaultValue;
  };
  const baseUrl = (user<string>('baseUrl') ?? DEFAULT_BASE_URL).trim() || DEFAULT_BASE_URL;
  const defaultProfile: Profile = {
    id: 'default',
    name: serverName(baseUrl),
    baseUrl,
    authHeader: header(user<string>('authHeader')),
    speed: speed(user<string>('speed')),
  };
  const profiles = [defaultProfile, ...parseProfiles(user<unknown>('profiles'))];
  const activeName = user<string>('activeProfile') ?? '';
  const active = profiles.find((p) => p.id !== 'default' && p.name === activeName) ?? defaultProfile;
  const http = vscode.workspace.getConfiguration('http');
  return {
    profiles,
    active,
    promptSuffix: c.get<string>('promptSuffix', '').trim(),
    promptSuffixFromWorkspace: ((i) =>
      i?.workspaceFolderValue !== undefined || i?.workspaceValue !== undefined)(
      c.inspect<string>('promptSuffix'),
    ),
    notifyOnFinish: c.get<boolean>('notifyOnFinish', true),
    proxy: {
      proxy: http.get<string>('proxy', ''),
      noProxy: http.get<string[]>('noProxy', []),
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
      env: process.env,
    },
  };
}

function header(v: unknown): AuthHeaderStyle {
  return v === 'mj-api-secret' ? 'mj-api-secret' : 'Authorization';
}

function speed(v: unknown): Speed {
  return v === 'fast' || v === 'relax' || v === 'turbo' ? v : '';
}

/** The user's extra profiles; malformed entries are skipped rather than breaking the extension. */
export function parseProfiles(raw: unknown): Profile[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>(['default']);
  const out: Profile[] = [];
  for (const p of raw) {
    if (typeof p !== 'object' || p === null) continue;
    const r = p as Record<string, unknown>;
    const name = typeof r.name === 'string' ? r.name.trim() : '';
    const baseUrl = typeof r.baseUrl === 'string' ? r.baseUrl.trim() : '';
    if (!name || !baseUrl || seen.has(name)) continue;
    seen.add(name);
    out.push({ id: name, name, baseUrl, authHeader: header(r.authHeader), speed: speed(r.speed) });
  }
  return out;
}

/** Opens the Settings editor on our settings. */
export function openSettings(query = 'midjourney.'): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', query);
}
