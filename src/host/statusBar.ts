import * as vscode from 'vscode';
import { formatUsd } from '../core/api/billing';
import { BalanceWatcher } from './balance';
import type { Studio } from './studio';

/** Shows how many tasks are running; a click focuses the task tree. Hidden when nothing runs. */
export class RunningStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly sub: { dispose(): void };

  constructor(private readonly studio: Studio) {
    this.item = vscode.window.createStatusBarItem('midjourney.running', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Midjourney tasks');
    this.item.command = 'midjourney.tasks.focus';
    this.sub = studio.store.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const unfinished = this.studio.store.unfinished();
    const waiting = unfinished.filter((r) => r.task.status === 'MODAL').length;
    const queued = unfinished.filter((r) => r.task.status === 'NOT_START').length;
    const running = unfinished.length - waiting - queued;
    if (unfinished.length === 0) {
      this.item.hide();
      return;
    }
    // Each status its own codicon: running spins, queued (NOT_START) waits on the clock, MODAL needs the user.
    const parts: string[] = [];
    if (running > 0) parts.push(`$(loading~spin) ${running}`);
    if (queued > 0) parts.push(`$(clock) ${queued}`);
    if (waiting > 0) parts.push(`$(edit) ${waiting}`);
    this.item.text = `${parts.join(' ')} Midjourney`;
    const lines: string[] = [];
    if (running === 1) lines.push(vscode.l10n.t('1 Midjourney task running. Click to show them.'));
    else if (running > 1)
      lines.push(vscode.l10n.t('{0} Midjourney tasks running. Click to show them.', running));
    if (queued > 0) lines.push(vscode.l10n.t('Queued on the server: {0}', queued));
    if (waiting > 0) lines.push(vscode.l10n.t('Waiting for your input: {0}', waiting));
    this.item.tooltip = lines.join('\n');
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}

/**
 * The active server profile, with what is left on its key where the server tells (new-api relays); a click
 * switches servers, tests the connection or adds one.
 */
export class ProfileStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly sub: vscode.Disposable;
  /** The balances behind the tooltip's money line. */
  readonly balance: BalanceWatcher;
  private readonly balanceSub: vscode.Disposable;

  constructor(private readonly studio: Studio) {
    this.item = vscode.window.createStatusBarItem('midjourney.profile', vscode.StatusBarAlignment.Left, 49);
    this.item.name = vscode.l10n.t('Midjourney server');
    this.item.command = 'midjourney.switchProfile';
    this.sub = studio.onDidChangeSettings(() => void this.update());
    this.balance = new BalanceWatcher(studio);
    this.balanceSub = this.balance.onDidChange(() => void this.update());
    void this.update();
  }

  async update(): Promise<void> {
    const p = this.studio.settings.active;
    const hasKey = await this.studio.hasKey(p).catch(() => false);
    // Says whose server it is (not a bare "127.0.0.1") and, before anything else, that it has no key yet.
    const where = `${p.name}${p.speed ? ` · ${p.speed}` : ''}`;
    this.item.text = hasKey
      ? `$(server) ${vscode.l10n.t('Midjourney: {0}', where)}`
      : `$(warning) ${vscode.l10n.t('Midjourney: {0} · no API key', where)}`;
    // What a screen reader says: plain words, none of the tooltip's Markdown or icon names.
    this.item.accessibilityInformation = {
      label: hasKey
        ? vscode.l10n.t(
            'Midjourney server {0}, API key set. Click to switch servers or test the connection.',
            where,
          )
        : vscode.l10n.t(
            'Midjourney server {0}, no API key set. Click to set the key, switch servers or test the connection.',
            where,
          ),
      role: 'button',
    };
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${vscode.l10n.t('Midjourney server')}**\n\n`);
    tip.appendText(`${p.name}: ${p.baseUrl}${p.speed ? ` (${p.speed})` : ''}\n`);
    tip.appendMarkdown(
      hasKey ? `\n$(key) ${vscode.l10n.t('API key set')}` : `\n$(warning) ${vscode.l10n.t('No API key yet')}`,
    );
    const money = this.balance.state(p.id)?.balance;
    if (money) {
      tip.appendMarkdown('\n\n$(credit-card) ');
      tip.appendText(
        vscode.l10n.t('Balance: {0} left (of {1})', formatUsd(money.balanceUsd), formatUsd(money.limitUsd)),
      );
    }
    tip.appendMarkdown(`\n\n${vscode.l10n.t('Click to switch servers or test the connection.')}`);
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.balanceSub.dispose();
    this.balance.dispose();
    this.item.dispose();
  }
}
