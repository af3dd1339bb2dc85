/**
 * A tiny typed event emitter shaped like VS Code's `Event`/`EventEmitter`, so the core can publish
 * changes without importing `vscode` and the host can adapt an `Event<T>` with no glue at all.
 */

/** Something that can be released; matches `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** Subscribe a listener; dispose the result to unsubscribe. Same shape as `vscode.Event<T>`. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

/** Owns a listener list and fires events to it. */
export class Emitter<T> {
  private listeners: Array<(e: T) => void> = [];
  private disposed = false;

  /**
   * @param onListenerError receives what a listener threw; by default it is logged, because one broken
   * listener (say, a tree refresh) must not stop the others (the store, the status bar) from hearing it.
   */
  constructor(private readonly onListenerError: (err: unknown) => void = (err) => console.error(err)) {}

  /** The subscribe function handed out to consumers. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    this.listeners.push(listener);
    let removed = false;
    return {
      dispose: () => {
        if (removed) return;
        removed = true;
        const i = this.listeners.indexOf(listener);
        if (i >= 0) this.listeners.splice(i, 1);
      },
    };
  };

  /** Deliver `e` to every current listener; a listener added or removed during delivery takes effect next time. */
  fire(e: T): void {
    if (this.disposed) return;
    for (const listener of this.listeners.slice()) {
      try {
        listener(e);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** Drop all listeners; later `fire` calls do nothing. */
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
