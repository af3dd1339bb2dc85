import * as vscode from 'vscode';
import { checkBaseUrl } from '../../core/net/origin';
import { testConnection as probe } from '../../core/api/probe';
import { serverName, type Profile } from '../config';
import { showError } from '../errors';
import { setApiKey } from './apiKey';
import type { CommandContext } from './context';

/** `midjourney.switchProfile`: the status bar's picker — choose the active server, test it, or add one. */
export async function switchProfile(ctx: CommandContext, name?: unknown): Promise<void> {
  const { profiles, active } = ctx.studio.settings;
  if (typeof name === 'string') {
    const target = profiles.find((p) => p.name === name || p.id === name);
    if (target) await activate(target);
    return;
  }
  type Item = vscode.QuickPickItem & { run: () => Thenable<unknown> };
  const items: Item[] = [];
  for (const p of profiles) {
    const hasKey = await ctx.studio.hasKey(p).catch(() => false);
    items.push({
      label: `${p.id === active.id ? '$(check) ' : '$(server) '}${p.name}`,
      description: `${p.baseUrl}${p.speed ? ` · ${p.speed}` : ''}`,
      detail: hasKey ? vscode.l10n.t('API key set') : vscode.l10n.t('No API key yet'),
      run: () => activate(p),
    });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator, run: async () => undefined },
    { label: `$(plug) ${vscode.l10n.t('Test Connection')}`, run: () => testConnection(ctx) },
    { label: `$(key) ${vscode.l10n.t('Set API Key for the Active Server')}`, run: () => setApiKey(ctx) },
    { label: `$(add) ${vscode.l10n.t('Add Server…')}`, run: () => addProfile(ctx) },
    {
      label: `$(gear) ${vscode.l10n.t('Edit Servers in Settings')}`,
      run: () =>
        vscode.commands.executeCommand('workbench.action.openSettingsJson', {
          revealSetting: { key: 'midjourney.profiles' },
        }),
    },
  );
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: vscode.l10n.t('Active Midjourney server: {0}', active.name),
  });
  await picked?.run();
}

async function activate(p: Profile): Promise<void> {
  // The default profile is the one built from midjourney.baseUrl: selecting it clears activeProfile.
  await vscode.workspace
    .getConfiguration('midjourney')
    .update('activeProfile', p.id === 'default' ? undefined : p.name, vscode.ConfigurationTarget.Global);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(server) Midjourney: using {0}', p.name), 3000);
}

/** `midjourney.testConnection`: one sentence on whether the server answers, takes the key, and what it offers. */
export async function testConnection(ctx: CommandContext): Promise<string | undefined> {
  const profile = ctx.studio.settings.active;
  try {
    const origin = ctx.studio.origin(profile);
    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Midjourney: testing {0}…', profile.name),
      },
      () => probe(ctx.studio.client(profile.id), origin),
    );
    ctx.log.info(`test connection: ${report.summary}`);
    const ok = report.reachable && report.keyAccepted;
    if (ok) void ctx.contextKeys?.connectionPassed();
    const show = ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const setKey = vscode.l10n.t('Set API Key');
    const openSettings = vscode.l10n.t('Open Settings');
    const actions = report.keyAccepted === false ? [setKey] : report.reachable ? [] : [openSettings];
    // The summary comes from the core's probe and is English for now.
    void show(vscode.l10n.t('Midjourney: {0}', report.summary), ...actions).then((pick) => {
      if (pick === setKey) void setApiKey(ctx);
      if (pick === openSettings)
        void vscode.commands.executeCommand('workbench.action.openSettings', 'midjourney.');
    });
    return report.summary;
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Test Connection') });
    return undefined;
  }
}

/** `midjourney.addProfile`: a short wizard that adds a server to midjourney.profiles and makes it active. */
export async function addProfile(ctx: CommandContext): Promise<void> {
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Midjourney Server (1/4): address'),
    placeHolder: vscode.l10n.t('https://api.example.com or http://127.0.0.1:8080'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const c = checkBaseUrl(v);
      return c.ok ? undefined : c.reason;
    },
  });
  if (!url) return;
  const existing = ctx.studio.settings.profiles.map((p) => p.name);
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Midjourney Server (2/4): name'),
    value: serverName(url),
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim()
        ? vscode.l10n.t('Give the server a name.')
        : existing.includes(v.trim())
          ? vscode.l10n.t('That name is taken.')
          : undefined,
  });
  if (!name) return;
  const header = await vscode.window.showQuickPick(
    [
      {
        label: 'Authorization',
        description: vscode.l10n.t('DeerAPI and other new-api relays, trueai-org/midjourney-proxy'),
      },
      { label: 'mj-api-secret', description: 'novicezk/midjourney-proxy' },
    ],
    { title: vscode.l10n.t('Add Midjourney Server (3/4): how the key is sent'), ignoreFocusOut: true },
  );
  if (!header) return;
  const speed = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Default'), value: '' },
      { label: vscode.l10n.t('Fast'), value: 'fast', description: '/mj-fast' },
      { label: vscode.l10n.t('Relax'), value: 'relax', description: '/mj-relax' },
      { label: vscode.l10n.t('Turbo'), value: 'turbo', description: '/mj-turbo' },
    ],
    {
      title: vscode.l10n.t(
        'Add Midjourney Server (4/4): speed (path prefix; trueai-org servers and some relays)',
      ),
      ignoreFocusOut: true,
    },
  );
  if (!speed) return;
  const config = vscode.workspace.getConfiguration('midjourney');
  const current = config.inspect<unknown[]>('profiles')?.globalValue ?? [];
  const entry = { name: name.trim(), baseUrl: url.trim(), authHeader: header.label, speed: speed.value };
  await config.update('profiles', [...current, entry], vscode.ConfigurationTarget.Global);
  await config.update('activeProfile', entry.name, vscode.ConfigurationTarget.Global);
  const pick = await vscode.window.showInformationMessage(
    vscode.l10n.t('Midjourney: added {0} and made it active. Set its API key now?', entry.name),
    vscode.l10n.t('Set API Key'),
  );
  if (pick) await setApiKey(ctx);
}
