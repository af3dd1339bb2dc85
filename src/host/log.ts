import * as vscode from 'vscode';

/**
 * The extension's log output channel. Every line goes through `redact`, which removes the API key
 * (and anything that looks like a bearer token) before it reaches the channel.
 */
export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private secrets: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('Midjourney Studio', { log: true });
  }

  /** Registers a value that must never appear in the log (the current API key). */
  setSecret(value: string | undefined): void {
    this.secrets = value && value.length >= 4 ? [value] : [];
  }

  redact(line: string): string {
    let out = line;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out.replace(/(bearer\s+)[\w.-]{8,}/gi, '$1***');
  }

  info(line: string): void {
    this.channel.info(this.redact(line));
  }

  warn(line: string): void {
    this.channel.warn(this.redact(line));
  }

  error(line: string): void {
    this.channel.error(this.redact(line));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
