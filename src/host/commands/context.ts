import type { ContextKeys } from '../contextKeys';
import type * as vscode from 'vscode';
import type { ImageCache } from '../imageCache';
import type { LastEditor } from '../lastEditor';
import type { ImageLibrary } from '../library';
import type { Log } from '../log';
import type { MarkdownImages } from '../markdownImages';
import type { TaskPanels } from '../panel/taskPanel';
import type { Studio } from '../studio';
import type { TaskNode, TaskTreeProvider } from '../tree/taskTree';

/** What every command receives: the long-lived parts of the extension. */
export interface CommandContext {
  studio: Studio;
  log: Log;
  panels: TaskPanels;
  tree: TaskTreeProvider;
  treeView: vscode.TreeView<TaskNode>;
  images: ImageCache;
  /** Saving images into the workspace. */
  library: ImageLibrary;
  /** Image links in Markdown (insert, drop, replace the selection). */
  markdown: MarkdownImages;
  /** The last focused text editor (Insert lands there even after a click in a panel). */
  editors: LastEditor;
  /** What the welcome view and the walkthrough know the user did (key set, connection tested, an image made). */
  contextKeys?: ContextKeys;
}
