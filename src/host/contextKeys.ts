import * as vscode from 'vscode';
import type { Studio } from './studio';

/** globalState: the origins whose Test Connection passed (the walkthrough's step stays ticked after a reload). */
const TESTED_KEY = 'midjourney.connectionTestedOrigins';

/**
 * Context keys for what the user already did, so the welcome view and the walkthrough follow the state and not
 * only the commands run in this window: `midjourney.hasKey` (the active server has a key),
 * `midjourney.connectionOk` (Test Connection passed for it once), `midjourney.hasImage` (a finished image is in
 * the list). Each is set only when it changes.
 */
export class ContextKeys implements vscode.Disposable {
  private readonly values = new Map<string, boolean>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly studio: Studio) {
    this.subs.push(studio.onDidChangeSettings(() => void this.updateServer()));
    const storeSub = studio.store.onDidChange((e) => this.updateImages(e.ids));
    this.subs.push({ dispose: () => storeSub.dispose() });
    void this.updateServer();
    this.updateImages();
  }

  /** Remembers that Test Connection passed for the active server. */
  async connectionPassed(): Promise<void> {
    const origin = this.activeOrigin();
    if (!origin) return;
    const tested = this.studio.context.globalState.get<string[]>(TESTED_KEY, []);
    if (!tested.includes(origin))
      await this.studio.context.globalState.update(TESTED_KEY, [...tested, origin]);
    this.set('midjourney.connectionOk', true);
  }

  private activeOrigin(): string | undefined {
    try {
      return this.studio.origin();
    } catch {
      return undefined;
    }
  }

  private async updateServer(): Promise<void> {
    const hasKey = await this.studio.hasKey().catch(() => false);
    this.set('midjourney.hasKey', hasKey);
    const origin = this.activeOrigin();
    const tested = this.studio.context.globalState.get<string[]>(TESTED_KEY, []);
    this.set('midjourney.connectionOk', hasKey && origin !== undefined && tested.includes(origin));
  }

  /** Looks at the changed tasks only, unless one went away (then at all: it may have been the last image). */
  private updateImages(changed?: string[]): void {
    const store = this.studio.store;
    const isImage = (r: ReturnType<typeof store.get>): boolean =>
      r !== undefined && r.task.status === 'SUCCESS' && Boolean(r.localImage || r.task.imageUrl);
    const had = this.values.get('midjourney.hasImage');
    if (changed && had === false && changed.some((id) => isImage(store.get(id)))) {
      this.set('midjourney.hasImage', true);
      return;
    }
    if (changed && had !== undefined && changed.every((id) => store.get(id) !== undefined)) return;
    this.set('midjourney.hasImage', store.list().some(isImage));
  }

  private set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
