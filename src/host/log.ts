import * as vscode from 'vscode';
import { Redactor } from '../core/model/redact';

/**
 * The extension's log output channel. Every line goes through `redact`, which removes the API key
 * (and anything that looks like a bearer token) before it reaches the channel.
 */
export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly redactor = new Redactor();

  constructor() {
    this.channel = vscode.window.createOutputChannel('Midjourney Studio', { log: true });
  }

  /** Registers a value that must never appear in the log (an API key); every key given stays redacted. */
  setSecret(value: string | undefined): void {
    this.redactor.add(value);
  }

  redact(line: string): string {
    return this.redactor.redact(line);
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
