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
    const running = this.studio.store.unfinished().filter((r) => r.task.status !== 'MODAL').length;
    if (running === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(loading~spin) ${running} Midjourney`;
    this.item.tooltip =
      running === 1
        ? vscode.l10n.t('1 Midjourney task running. Click to show them.')
        : vscode.l10n.t('{0} Midjourney tasks running. Click to show them.', running);
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
    this.item.text = `$(server) ${p.name}${p.speed ? ` · ${p.speed}` : ''}`;
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
