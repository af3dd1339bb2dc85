import type * as vscode from 'vscode';

/** Placeholder entry while the host layer is written; replaced in the next commits. */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
