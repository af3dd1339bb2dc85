/** The API VS Code gives a webview script; declared here because the webview cannot import `vscode`. */
import type { WebviewMessage } from '../shared/protocol';

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  /** What setState stored before a reload or a hide/show; untrusted, validate before use. */
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The VS Code API. acquireVsCodeApi may be called only once per page, so it is cached. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
