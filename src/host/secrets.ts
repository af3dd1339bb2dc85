import * as vscode from 'vscode';

const KEY_PREFIX = 'midjourney.apiKey';

/**
 * API keys, only in VS Code's SecretStorage (never settings, globalState, logs or the webview). A key belongs
 * to a profile AND the origin it was set for, so editing a profile's address never sends its old key to the
 * new host.
 */
export class ApiKeys {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.sub = storage.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) this.changed.fire();
    });
  }

  private slot(profileId: string, origin: string): string {
    return profileId === 'default' ? `${KEY_PREFIX}:${origin}` : `${KEY_PREFIX}:${profileId}@${origin}`;
  }

  get(profileId: string, origin: string): Thenable<string | undefined> {
    return this.storage.get(this.slot(profileId, origin));
  }

  async set(profileId: string, origin: string, key: string): Promise<void> {
    await this.storage.store(this.slot(profileId, origin), key);
  }

  async clear(profileId: string, origin: string): Promise<void> {
    await this.storage.delete(this.slot(profileId, origin));
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
