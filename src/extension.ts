import * as vscode from 'vscode';
import type { CommandContext } from './host/commands/context';
import { registerCommands } from './host/commands/register';
import { pressButton, retryTask, copyPrompt, openTask, refreshTasks } from './host/commands/tasks';
import { submitMask } from './host/commands/varyRegion';
import { trackLastEditor, usePrompt } from './host/commands/prompts';
import { cancelTask } from './host/commands/taskOps';
import { StallWatcher } from './host/stall';
import { insertImage, saveImageAs } from './host/commands/library';
import { ImageCache } from './host/imageCache';
import { VideoCache } from './host/videoCache';
import { animateInstead, extendVideo, saveVideo } from './host/commands/video';
import { ImageLibrary } from './host/library';
import { MarkdownImages } from './host/markdownImages';
import { Log } from './host/log';
import { notifyOnFinish } from './host/notifications';
import { TaskPanels } from './host/panel/taskPanel';
import { ProfileStatus, RunningStatus } from './host/statusBar';
import { Studio } from './host/studio';
import { setL10nBundle } from './shared/l10n';
import { TaskDragController } from './host/tree/taskDrag';
import { TaskTreeProvider } from './host/tree/taskTree';

/**
 * What activate() returns: the integration tests inspect the store, the tree and the panels the way the
 * user sees them. Not a public API for other extensions.
 */
export interface StudioApi {
  studio: Studio;
  tree: TaskTreeProvider;
  panels: TaskPanels;
}

/** Builds the parts, registers them, resumes polling; nothing else. */
export function activate(context: vscode.ExtensionContext): StudioApi {
  // The core's and the panel's sentences in the UI language (English when VS Code loaded no bundle).
  setL10nBundle(vscode.l10n.bundle);
  const log = new Log();
  const studio = new Studio(context, log);
  const images = new ImageCache(studio, log);
  const videos = new VideoCache(studio, log, images.dir);
  const localUri = (rec: Parameters<ImageCache['localUri']>[0]) => images.localUri(rec);
  const tree = new TaskTreeProvider(studio, localUri);
  const treeView = vscode.window.createTreeView('midjourney.tasks', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: new TaskDragController(),
  });
  const panels = new TaskPanels(studio, localUri, images.dir);
  const library = new ImageLibrary(studio, images, log);
  const markdown = new MarkdownImages(studio, library, log);
  const ctx: CommandContext = { studio, log, panels, tree, treeView, images, library, markdown };
  panels.actions = {
    pressButton: (taskId, customId) =>
      pressButton(ctx, taskId, customId, { onRefused: animateInstead(ctx, taskId, customId) }),
    retry: (taskId) => retryTask(ctx, taskId),
    refresh: (taskId) => refreshTasks(ctx, taskId),
    copyPrompt: (taskId) => copyPrompt(ctx, taskId),
    open: (taskId) => openTask(ctx, taskId),
    submitMask: (taskId, prompt, mask) => submitMask(ctx, taskId, prompt, mask),
    extendVideo: (taskId, index, motion) => extendVideo(ctx, taskId, index, motion),
    saveVideo: (taskId, index) => saveVideo(ctx, taskId, index),
    insertImage: (taskId) => insertImage(ctx, taskId),
    saveImageAs: (taskId) => saveImageAs(ctx, taskId),
    cancel: (taskId) => cancelTask(ctx, taskId),
    usePrompt: (taskId, index, how) => usePrompt(ctx, taskId, index, how),
  };
  context.subscriptions.push(
    log,
    studio,
    images,
    videos,
    markdown,
    tree,
    treeView,
    panels,
    new RunningStatus(studio),
    new ProfileStatus(studio),
    notifyOnFinish(studio, (id) => panels.open(id)),
    ...registerCommands(ctx),
    trackLastEditor(),
    new StallWatcher(studio, (ids) => {
      tree.refresh();
      panels.repost(ids);
    }),
  );
  studio.start();
  images.catchUp();
  videos.catchUp();
  log.info(`Midjourney Studio ${String(context.extension.packageJSON.version)} activated`);
  return { studio, tree, panels };
}

export function deactivate(): void {}
