import * as vscode from 'vscode';

const KEY_PREFIX = 'midjourney.apiKey';

/**
 * The API key, only in VS Code's SecretStorage (never settings, globalState, logs or the webview).
 * Keyed by the server's origin, so a key set for one server is never sent to another.
 */
export class ApiKeys {
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: vscode.SecretStorage) {
    storage.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) this.changed.fire(e.key.slice(KEY_PREFIX.length + 1));
    });
  }

  private slot(origin: string): string {
    return `${KEY_PREFIX}:${origin}`;
  }

  get(origin: string): Thenable<string | undefined> {
    return this.storage.get(this.slot(origin));
  }

  async set(origin: string, key: string): Promise<void> {
    await this.storage.store(this.slot(origin), key);
  }

  async clear(origin: string): Promise<void> {
    await this.storage.delete(this.slot(origin));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
