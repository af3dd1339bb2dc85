/**
 * The extension's start, as its own bundle (dist/start.js): the store, the poller, the tree, the panels' host,
 * the status bar and the background caches. extension.ts loads it right after activate() returns, so VS Code's
 * activation pays only for registering the command ids.
 */
import * as vscode from 'vscode';
import type { CommandContext } from './commands/context';
import { lazyPanelActions } from './commands/lazy';
import { StallWatcher } from './stall';
import { watchPromptDocuments } from './promptWatch';
import { ImageCache } from './imageCache';
import { LastEditor } from './lastEditor';
import { VideoCache } from './videoCache';
import { ImageLibrary } from './library';
import { MarkdownImages } from './markdownImages';
import { Log } from './log';
import { notifyOnFinish } from './notifications';
import { TaskPanels } from './panel/taskPanel';
import { ProfileStatus, RunningStatus } from './statusBar';
import { ContextKeys } from './contextKeys';
import { registerGallerySerializer } from './gallery/lazyGallery';
import { registerAgents, type AgentRegistration } from './agents/lazy';
import { Studio } from './studio';
import { TaskDragController } from './tree/taskDrag';
import { TaskTreeProvider } from './tree/taskTree';

/**
 * What activate() resolves to in the extension's tests (ExtensionMode.Test only): the integration tests inspect
 * the store, the tree and the panels the way the user sees them. Never handed to other extensions.
 */
export interface StudioApi {
  studio: Studio;
  tree: TaskTreeProvider;
  panels: TaskPanels;
  /** The agent tools (Language Model Tools, MCP provider). */
  agents: AgentRegistration;
}

/** What start() built: the command context (the lazy command handlers run with it) and the tests' view of it. */
export interface Started {
  ctx: CommandContext;
  api: StudioApi;
}

/**
 * Builds the parts, registers them, resumes polling: everything activate() used to do, now run right after it
 * (see extension.ts), from this bundle (dist/start.js).
 */
export function start(context: vscode.ExtensionContext): Started {
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
  const editors = new LastEditor();
  const contextKeys = new ContextKeys(studio);
  const ctx: CommandContext = {
    studio,
    log,
    panels,
    tree,
    treeView,
    images,
    library,
    markdown,
    editors,
    contextKeys,
  };
  // The commands' code loads on first use (dist/commands.js); VS Code learns their ids now.
  panels.actions = lazyPanelActions(ctx);
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
    contextKeys,
    registerGallerySerializer(ctx),
    notifyOnFinish(studio, (id) => panels.open(id)),
    editors,
    watchPromptDocuments(ctx),
    new StallWatcher(studio, (ids) => {
      tree.refresh();
      panels.repost(ids);
    }),
  );
  // Missed downloads wait until the window has settled (no network before the first poll tick, see start()).
  context.subscriptions.push(
    studio.onDidSettle(() => {
      images.catchUp();
      videos.catchUp();
    }),
  );
  const agents = registerAgents(ctx);
  context.subscriptions.push(agents);
  studio.start();
  log.info(`Midjourney Studio ${String(context.extension.packageJSON.version)} activated`);
  return { ctx, api: { studio, tree, panels, agents } };
}
