import * as vscode from 'vscode';
import type { Dispatcher } from 'undici';
import { MjClient, type TaskReader } from '../core/api/client';
import { MjError } from '../core/model/errors';
import { checkBaseUrl } from '../core/net/origin';
import { Poller } from '../core/tasks/poller';
import { PollLease } from '../core/tasks/pollLease';
import { chooseProxy, createDispatcher, describeProxy } from '../core/net/proxy';
import { TaskStore, type TaskRecord } from '../core/tasks/store';
import { TaskService } from '../core/tasks/taskService';
import type { Task } from '../core/model/types';
import { isFinal } from '../core/model/types';
import { workspaceArchive } from './archive';
import { readSettings, type Profile, type Settings } from './config';
import type { Log } from './log';
import { mementoStore } from './memento';
import { ApiKeys } from './secrets';

/**
 * The parts of the extension that live as long as it does: settings and server profiles, keys, one client per
 * profile, the store, the poller and the task service. Commands, the tree, the panel and the status bar take
 * what they need from here.
 */
export class Studio implements vscode.Disposable {
  readonly store: TaskStore;
  readonly keys: ApiKeys;
  readonly poller: Poller;
  readonly tasks: TaskService;
  /** Tasks submitted from this window: only those raise a notification when they finish. */
  readonly startedHere = new Set<string>();
  private settingsCache: Settings;
  private readonly clients = new Map<string, MjClient>();
  private dispatcherCache: Dispatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly statuses = new Map<string, string>();
  private readonly finished = new vscode.EventEmitter<TaskRecord>();
  private readonly settingsChanged = new vscode.EventEmitter<void>();
  /** Fires once when a task reaches SUCCESS, FAILURE or CANCEL (in any window). */
  readonly onDidFinish = this.finished.event;
  /** Fires after the settings (profiles, proxy, …) or a key changed. */
  readonly onDidChangeSettings = this.settingsChanged.event;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: Log,
  ) {
    this.settingsCache = readSettings();
    this.keys = new ApiKeys(context.secrets);
    this.store = new TaskStore(mementoStore(context.globalState), {
      archive: workspaceArchive(context.globalStorageUri),
      onArchiveError: (e) => log.warn(`task archive: ${e instanceof Error ? e.message : String(e)}`),
    });
    this.poller = new Poller({
      reader: this.routingReader(),
      store: this.store,
      onError: (e: unknown) => this.onPollError(e),
      // Windows share globalState: one window polls for all of them (see pollLease.ts). The owner is the
      // workspace (one window each, the same after a reload), so a reloaded window that could not release
      // the lease takes it back at once instead of waiting for it to expire.
      lease: new PollLease({ kv: mementoStore(context.globalState), owner: context.storageUri?.toString() }),
    });
    this.tasks = new TaskService({
      client: (profileId) => this.client(profileId),
      activeProfile: () => this.settingsCache.active.id,
      store: this.store,
      track: (id) => this.poller.track(id),
    });
    for (const rec of this.store.list()) this.statuses.set(rec.task.id, rec.task.status);
    this.disposables.push(
      this.keys,
      this.finished,
      this.settingsChanged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('midjourney') || e.affectsConfiguration('http')) this.reload();
      }),
      this.keys.onDidChange(() => this.settingsChanged.fire()),
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

  /** The profile a task belongs to (the active one for tasks from before profiles, or a removed profile). */
  profile(id?: string): Profile {
    return this.settingsCache.profiles.find((p) => p.id === id) ?? this.settingsCache.active;
  }

  /** The origin a profile's key belongs to, or a config error that says what is wrong with the address. */
  origin(profile: Profile = this.settingsCache.active): string {
    const checked = checkBaseUrl(profile.baseUrl);
    if (!checked.ok) throw new MjError({ kind: 'config', message: checked.reason, remedy: 'openSettings' });
    return checked.origin;
  }

  /** The client for a profile (default: the active one); rebuilt when settings or keys change. */
  client(profileId?: string): MjClient {
    const profile = this.profile(profileId);
    let client = this.clients.get(profile.id);
    if (!client) {
      const checked = checkBaseUrl(profile.baseUrl);
      if (!checked.ok) throw new MjError({ kind: 'config', message: checked.reason, remedy: 'openSettings' });
      const origin = checked.origin;
      client = new MjClient({
        baseUrl: checked.url,
        authHeader: profile.authHeader,
        pathPrefix: profile.speed ? `/mj-${profile.speed}` : '',
        dispatcher: this.dispatcher(),
        apiKey: async () => {
          const key = await this.keys.get(profile.id, origin);
          this.log.setSecret(key);
          return key;
        },
        logger: (line) => this.log.info(line),
      });
      this.clients.set(profile.id, client);
    }
    return client;
  }

  /** The network path for every request (direct or through the proxy VS Code or the environment names). */
  dispatcher(): Dispatcher {
    if (!this.dispatcherCache) {
      const choice = chooseProxy(this.settingsCache.proxy);
      this.dispatcherCache = createDispatcher(choice);
      this.log.info(`network: ${describeProxy(choice)}`);
    }
    return this.dispatcherCache;
  }

  async hasKey(profile: Profile = this.settingsCache.active): Promise<boolean> {
    return Boolean(await this.keys.get(profile.id, this.origin(profile)));
  }

  /** Starts polling what was unfinished when the window closed. */
  start(): void {
    this.poller.start();
    // The archive (older finished tasks) joins the list when read; the working set shows at once.
    void this.store.loadArchive().catch((e: unknown) => this.log.warn(`task archive: ${String(e)}`));
  }

  private reload(): void {
    this.settingsCache = readSettings();
    this.clients.clear();
    const old = this.dispatcherCache;
    this.dispatcherCache = undefined;
    // Let requests in flight finish on the old path before closing it.
    if (old) setTimeout(() => void old.close().catch(() => undefined), 30_000);
    this.settingsChanged.fire();
  }

  /**
   * The poller asks about all running tasks at once; each task is asked of the server (profile) that made it,
   * so switching profiles never sends one server's task ids (or key) to another.
   */
  private routingReader(): TaskReader {
    const groups = (ids: string[]): Map<string, string[]> => {
      const out = new Map<string, string[]>();
      for (const id of ids) {
        const profileId = this.profile(this.store.get(id)?.profileId).id;
        out.set(profileId, [...(out.get(profileId) ?? []), id]);
      }
      return out;
    };
    return {
      fetchTask: (id, opts) => this.client(this.store.get(id)?.profileId).fetchTask(id, opts),
      listByCondition: async (ids, opts) => {
        const results: Task[] = [];
        for (const [profileId, part] of groups(ids)) {
          results.push(...(await this.client(profileId).listByCondition(part, opts)));
        }
        return results;
      },
    };
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
      const setKey = vscode.l10n.t('Set API Key');
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window
        .showErrorMessage(
          vscode.l10n.t('Midjourney: checking your tasks failed. {0}', e.userMessage),
          setKey,
          showLog,
        )
        .then((pick) => {
          if (pick === setKey) void vscode.commands.executeCommand('midjourney.setApiKey');
          if (pick === showLog) this.log.show();
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
    void this.dispatcherCache?.close().catch(() => undefined);
  }
}

function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}
