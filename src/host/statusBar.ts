import * as vscode from 'vscode';
import type { Studio } from './studio';

/** Shows how many tasks are running; a click focuses the task tree. Hidden when nothing runs. */
export class RunningStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly sub: { dispose(): void };

  constructor(private readonly studio: Studio) {
    this.item = vscode.window.createStatusBarItem('midjourney.running', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Midjourney tasks';
    this.item.command = 'midjourney.tasks.focus';
    this.sub = studio.store.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const running = this.studio.store.unfinished().filter((r) => r.task.status !== 'MODAL').length;
    if (running === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(loading~spin) ${running} Midjourney`;
    this.item.tooltip = `${running} Midjourney task${running === 1 ? '' : 's'} running. Click to show them.`;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
