import * as vscode from 'vscode';
import type { Dispatcher } from 'undici';
import { MjClient, type TaskReader } from '../core/api/client';
import { routingReader } from '../core/tasks/routing';
import { MjError } from '../core/model/errors';
import { checkBaseUrl } from '../core/net/origin';
import { Poller } from '../core/tasks/poller';
import { checkProgressModel, type ProgressMemory } from '../core/tasks/serverProgress';
import { PollLease } from '../core/tasks/pollLease';
import { chooseProxy, createDispatcher, describeProxy } from '../core/net/proxy';
import { TaskStore, type TaskRecord } from '../core/tasks/store';
import { TaskService } from '../core/tasks/taskService';
import { isFinal } from '../core/model/types';
import { workspaceArchive } from './archive';
import { readSettings, type Profile, type Settings } from './config';
import type { Log } from './log';
import { mementoStore } from './memento';
import { watchTaskFiles, workspaceTaskFs } from './taskFiles';
import { ServerRoutes } from '../core/api/serverRoutes';
import { ApiKeys } from './secrets';

/**
 * The parts of the extension that live as long as it does: settings and server profiles, keys, one client per
 * profile, the store, the poller and the task service. Commands, the tree, the panel and the status bar take
 * what they need from here.
 */
/** With nothing to poll, how long after start the deferred work (archive, missed downloads) waits. */
const SETTLE_MS = 4000;

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
  private readonly settled = new vscode.EventEmitter<void>();
  private settledYet = false;
  /**
   * Fires once, when the window has settled after start (see start()): the moment for background work that
   * reads the disk or the network (the archive, downloads that were missed).
   */
  readonly onDidSettle = this.settled.event;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: Log,
  ) {
    this.settingsCache = readSettings();
    this.keys = new ApiKeys(context.secrets);
    this.store = new TaskStore(mementoStore(context.globalState), {
      archive: workspaceArchive(context.globalStorageUri),
      // The working set's durable copy (globalState is one object other windows replace whole: a cache).
      files: workspaceTaskFs(context.globalStorageUri),
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
      // Each server's progress style is learned apart and remembered for the next session.
      serverOf: (id) => serverKey(this.profile(this.store.get(id)?.profileId)),
      memory: progressMemory(context.globalState),
    });
    this.tasks = new TaskService({
      client: (profileId) => this.client(profileId),
      activeProfile: () => this.settingsCache.active.id,
      store: this.store,
      track: (id) => this.poller.track(id),
      routes: new ServerRoutes(mementoStore(context.globalState)),
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
      watchTaskFiles(context.globalStorageUri, () => void this.store.sync().catch(() => undefined)),
      vscode.window.onDidChangeWindowState((s) => {
        this.poller.setVisible(s.focused);
        // Another window may have added or finished tasks while this one was in the background.
        if (s.focused) {
          this.store.refresh();
          // At once, whenever the last read of the task files was (refresh alone reads them every 2 s at most).
          void this.store.sync().catch(() => undefined);
        }
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

  /**
   * Starts polling what was unfinished when the window closed, without blocking the start: nothing reads the
   * disk or the network before the first poll tick that has a task to poll, or (with nothing to poll) before
   * the window has been idle for SETTLE_MS, or before a feature needs the archive (settle()).
   */
  start(): void {
    this.poller.start();
    const sub = this.poller.onDidPoll(() => this.settle());
    const timer = setTimeout(() => this.settle(), SETTLE_MS);
    this.disposables.push(sub, new vscode.Disposable(() => clearTimeout(timer)));
  }

  /** Runs the deferred start work now (idempotent): the archive joins the list, onDidSettle fires. */
  settle(): Promise<void> {
    if (!this.settledYet) {
      this.settledYet = true;
      // The archive (older finished tasks) joins the list when read; the working set shows at once.
      this.archiveLoad = this.store
        .loadArchive()
        .catch((e: unknown) => this.log.warn(`task archive: ${String(e)}`));
      this.settled.fire();
    }
    return this.archiveLoad;
  }
  private archiveLoad: Promise<void> = Promise.resolve();

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
    return routingReader(
      (id) => this.profile(this.store.get(id)?.profileId).id,
      (profileId) => this.client(profileId),
    );
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
    this.settled.dispose();
    for (const d of this.disposables) d.dispose();
    void this.dispatcherCache?.close().catch(() => undefined);
  }
}

/** A server as the poller tells servers apart: its address and speed path (a profile renamed stays the same). */
function serverKey(p: Profile): string {
  return `${p.baseUrl}|${p.speed ?? ''}`;
}

const PROGRESS_MODELS_KEY = 'midjourney.progressModels';

/** The poller's learned progress models, one small entry per server, in globalState (a cache: losing it costs a few requests). */
function progressMemory(state: vscode.Memento): ProgressMemory {
  const all = (): Record<string, unknown> => {
    const v = state.get<unknown>(PROGRESS_MODELS_KEY);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  };
  return {
    get: (server) => {
      const models = all();
      return Object.hasOwn(models, server) ? checkProgressModel(models[server]) : undefined;
    },
    set: (server, model) => {
      // At most 20 servers are remembered: the ones learned last.
      const kept = Object.entries(all())
        .filter(([k]) => k !== server)
        .slice(-19);
      void state.update(PROGRESS_MODELS_KEY, Object.fromEntries([...kept, [server, model]]));
    },
  };
}

function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}
