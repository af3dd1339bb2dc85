import type * as vscode from 'vscode';
import type { KeyValueStore } from '../core/tasks/store';

/** VS Code's globalState already has the shape the core's store needs; this only narrows the type. */
export function mementoStore(memento: vscode.Memento): KeyValueStore {
  return {
    keys: () => memento.keys(),
    get: <T>(key: string) => memento.get<T>(key),
    update: (key, value) => memento.update(key, value),
  };
}
