import * as vscode from 'vscode';
import { MjClient, type TaskReader } from '../core/client';
import { MjError } from '../core/errors';
import { checkBaseUrl } from '../core/origin';
import { Poller } from '../core/poller';
import { TaskStore, type TaskRecord } from '../core/store';
import { TaskService } from '../core/taskService';
import { isFinal } from '../core/types';
import { readSettings, type Settings } from './config';
import type { Log } from './log';
import { mementoStore } from './memento';
import { ApiKeys } from './secrets';

/**
 * The parts of the extension that live as long as it does: settings, key, client, store, poller and the
 * task service. Commands, the tree, the panel and the status bar take what they need from here.
 */
export class Studio implements vscode.Disposable {
  readonly store: TaskStore;
  readonly keys: ApiKeys;
  readonly poller: Poller;
  readonly tasks: TaskService;
  /** Tasks submitted from this window: only those raise a notification when they finish. */
  readonly startedHere = new Set<string>();
  private settingsCache: Settings;
  private clientCache: MjClient | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly statuses = new Map<string, string>();
  private readonly finished = new vscode.EventEmitter<TaskRecord>();
  /** Fires once when a task reaches SUCCESS, FAILURE or CANCEL (in any window). */
  readonly onDidFinish = this.finished.event;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: Log,
  ) {
    this.settingsCache = readSettings();
    this.keys = new ApiKeys(context.secrets);
    this.store = new TaskStore(mementoStore(context.globalState));
    const reader: TaskReader = {
      fetchTask: (id, opts) => this.client().fetchTask(id, opts),
      listByCondition: (ids, opts) => this.client().listByCondition(ids, opts),
    };
    this.poller = new Poller({
      reader,
      store: this.store,
      onError: (e) => this.onPollError(e),
    });
    this.tasks = new TaskService({
      client: () => this.client(),
      store: this.store,
      track: (id) => this.poller.track(id),
    });
    for (const rec of this.store.list()) this.statuses.set(rec.task.id, rec.task.status);
    this.disposables.push(
      this.keys,
      this.finished,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('midjourney')) {
          this.settingsCache = readSettings();
          this.clientCache = undefined;
        }
      }),
      this.keys.onDidChange(() => (this.clientCache = undefined)),
      toDisposable(this.store.onDidChange((e) => this.onStoreChange(e.ids))),
      vscode.window.onDidChangeWindowState((s) => {
        this.poller.setVisible(s.focused);
        // Another window may have added or finished tasks while this one was in the background.
        if (s.focused) this.store.refresh();
      }),
    );
  }

  get settings(): Settings {
    return this.settingsCache;
  }

  /** The origin the key belongs to, or throws a config error that says what is wrong with the setting. */
  origin(): string {
    const checked = checkBaseUrl(this.settingsCache.baseUrl);
    if (!checked.ok) {
      throw new MjError({ kind: 'config', message: checked.reason, remedy: 'openSettings' });
    }
    return checked.origin;
  }

  /** The client for the current settings; rebuilt when they or the key change. */
  client(): MjClient {
    if (!this.clientCache) {
      const checked = checkBaseUrl(this.settingsCache.baseUrl);
      if (!checked.ok) throw new MjError({ kind: 'config', message: checked.reason, remedy: 'openSettings' });
      const origin = checked.origin;
      this.clientCache = new MjClient({
        baseUrl: checked.url,
        authHeader: this.settingsCache.authHeader,
        apiKey: async () => {
          const key = await this.keys.get(origin);
          this.log.setSecret(key);
          return key;
        },
        logger: (line) => this.log.info(line),
      });
    }
    return this.clientCache;
  }

  async hasKey(): Promise<boolean> {
    return Boolean(await this.keys.get(this.origin()));
  }

  /** Starts polling what was unfinished when the window closed. */
  start(): void {
    this.poller.start();
  }

  private lastPollError = '';

  private onPollError(e: unknown): void {
    const text = e instanceof Error ? e.message : String(e);
    this.log.warn(`polling: ${text}`);
    // One notification per kind of trouble, not one per tick.
    const kind = e instanceof MjError ? e.kind : 'other';
    if (kind === this.lastPollError) return;
    this.lastPollError = kind;
    if (e instanceof MjError && (e.kind === 'auth' || e.kind === 'config')) {
      void vscode.window
        .showErrorMessage(`Midjourney: checking your tasks failed. ${e.userMessage}`, 'Set API Key', 'Show Log')
        .then((pick) => {
          if (pick === 'Set API Key') void vscode.commands.executeCommand('midjourney.setApiKey');
          if (pick === 'Show Log') this.log.show();
        });
    }
  }

  private onStoreChange(ids: readonly string[]): void {
    for (const id of ids) {
      const rec = this.store.get(id);
      const before = this.statuses.get(id);
      if (!rec) {
        this.statuses.delete(id);
        continue;
      }
      this.statuses.set(id, rec.task.status);
      if (before !== undefined && before !== rec.task.status && isFinal(rec.task.status)) {
        this.lastPollError = '';
        this.finished.fire(rec);
      }
    }
  }

  dispose(): void {
    this.poller.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}
