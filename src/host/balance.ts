import * as vscode from 'vscode';
import type { Balance } from '../core/api/billing';
import { formatUsd, shouldWarn } from '../core/api/billing';
import type { Studio } from './studio';

/** What we know about one profile's money. */
export interface BalanceState {
  /** The last balance read; kept when a later read fails. */
  balance?: Balance;
  /** The server has no billing API (404): never asked again until the settings change. */
  noBilling?: boolean;
  /** Epoch ms of the last read (successful or not). */
  at: number;
}

const MINUTE = 60_000;
/** Several tasks often finish together: one read after the last of them. */
const FINISH_DEBOUNCE_MS = 400;

/**
 * Keeps what is left on each server's key, for relays with new-api's billing API: read when the profile
 * becomes active, after a task of it finishes (it was just charged), and otherwise at most once a minute.
 * Silent where the server has no such API; warns once when the balance drops under
 * `midjourney.lowBalanceWarning`.
 */
export class BalanceWatcher implements vscode.Disposable {
  private readonly states = new Map<string, BalanceState>();
  private readonly warned = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;
  private finishTimer: NodeJS.Timeout | undefined;
  private readonly finishedProfiles = new Set<string>();
  /** Fires after a profile's balance (or its absence) changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly studio: Studio) {
    this.disposables.push(
      this.changed,
      studio.onDidFinish((rec) => {
        this.finishedProfiles.add(studio.profile(rec.profileId).id);
        clearTimeout(this.finishTimer);
        this.finishTimer = setTimeout(() => {
          const ids = [...this.finishedProfiles];
          this.finishedProfiles.clear();
          for (const id of ids) void this.refresh(id, { force: true });
        }, FINISH_DEBOUNCE_MS);
      }),
      studio.onDidChangeSettings(() => {
        // The address or key may have changed: what we knew may be wrong now, "no billing" included.
        this.states.clear();
        this.changed.fire();
        void this.refresh(studio.settings.active.id);
      }),
    );
    this.timer = setInterval(() => void this.refresh(studio.settings.active.id), MINUTE);
    void this.refresh(studio.settings.active.id);
  }

  /** What is known about a profile (default: the active one). */
  state(profileId = this.studio.settings.active.id): BalanceState | undefined {
    return this.states.get(profileId);
  }

  /**
   * Reads the balance of a profile unless it was read less than a minute ago (`force` after a task
   * finished) or the server has no billing API. Never throws: money is extra information.
   */
  refresh(profileId: string, opts: { force?: boolean } = {}): Promise<void> {
    const running = this.inFlight.get(profileId);
    if (running) return running;
    const known = this.states.get(profileId);
    if (known?.noBilling) return Promise.resolve();
    if (!opts.force && known && Date.now() - known.at < MINUTE) return Promise.resolve();
    const p = this.read(profileId).finally(() => this.inFlight.delete(profileId));
    this.inFlight.set(profileId, p);
    return p;
  }

  private async read(profileId: string): Promise<void> {
    const profile = this.studio.profile(profileId);
    const before = this.states.get(profileId);
    try {
      // Without a key the server would only answer 401: nothing to learn.
      if (!(await this.studio.hasKey(profile))) return;
      const result = await this.studio.client(profile.id).balance();
      const state: BalanceState =
        result.kind === 'none'
          ? { noBilling: true, at: Date.now() }
          : { balance: result.balance, at: Date.now() };
      this.states.set(profileId, state);
      if (result.kind === 'none') this.studio.log.info(`billing: ${profile.name} has no billing API`);
      else this.checkLow(profile.name, profileId, result.balance);
    } catch (e) {
      this.studio.log.warn(`billing: ${e instanceof Error ? e.message : String(e)}`);
      this.states.set(profileId, { ...before, at: Date.now() });
    }
    this.changed.fire();
  }

  private checkLow(name: string, profileId: string, balance: Balance): void {
    const threshold = vscode.workspace.getConfiguration('midjourney').get<number>('lowBalanceWarning', 1);
    if (!(balance.balanceUsd < threshold)) this.warned.delete(profileId);
    if (!shouldWarn(balance.balanceUsd, threshold, this.warned.has(profileId))) return;
    this.warned.add(profileId);
    const change = vscode.l10n.t('Change Warning');
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t(
          'Midjourney: only {0} left on {1} (your warning is at {2}).',
          formatUsd(balance.balanceUsd),
          name,
          formatUsd(threshold),
        ),
        change,
      )
      .then((pick) => {
        if (pick === change)
          void vscode.commands.executeCommand(
            'workbench.action.openSettings',
            'midjourney.lowBalanceWarning',
          );
      });
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.finishTimer);
    for (const d of this.disposables) d.dispose();
  }
}
