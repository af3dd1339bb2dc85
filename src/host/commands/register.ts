import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './apiKey';
import { composePrompt, promptHistory, saveTemplate } from './composer';
import type { CommandContext } from './context';
import { clearFilter, filterTasks, searchTasks, starTask, unstarTask } from './findTasks';
import { animate, saveVideo } from './video';
import { editImage } from './edit';
import { importTasks } from './history';
import { exportHistory, importHistory } from './historyFile';
import { imagine, imagineFromSelection, reusePrompt } from './imagine';
import { insertImage, revealImage, saveImageAs, saveQuadrants } from './library';
import { blendImages, describeImage, imagineWithImages } from './images';
import { continueTask } from './modal';
import { shortenPrompt } from './prompts';
import { cancelTask, copySeed, trackTask } from './taskOps';
import { addProfile, switchProfile, testConnection } from './profiles';
import {
  clearFinishedTasks,
  copyImageUrl,
  copyPrompt,
  deleteTask,
  openTask,
  refreshTasks,
  retryTask,
} from './tasks';

type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/** Every command of the extension, one row each; package.json declares the same ids (a test checks both ways). */
export const COMMANDS: Readonly<Record<string, Handler>> = {
  'midjourney.imagine': imagine,
  'midjourney.imagineFromSelection': imagineFromSelection,
  'midjourney.setApiKey': setApiKey,
  'midjourney.clearApiKey': clearApiKey,
  'midjourney.openTask': openTask,
  'midjourney.refreshTasks': refreshTasks,
  'midjourney.deleteTask': deleteTask,
  'midjourney.clearFinishedTasks': clearFinishedTasks,
  'midjourney.copyPrompt': copyPrompt,
  'midjourney.copyImageUrl': copyImageUrl,
  'midjourney.reusePrompt': reusePrompt,
  'midjourney.retryTask': retryTask,
  'midjourney.continueTask': continueTask,
  'midjourney.switchProfile': switchProfile,
  'midjourney.testConnection': testConnection,
  'midjourney.addProfile': addProfile,
  'midjourney.imagineWithImages': imagineWithImages,
  'midjourney.blendImages': blendImages,
  'midjourney.describeImage': describeImage,
  'midjourney.shortenPrompt': shortenPrompt,
  'midjourney.copySeed': copySeed,
  'midjourney.cancelTask': cancelTask,
  'midjourney.trackTask': trackTask,
  'midjourney.composePrompt': composePrompt,
  'midjourney.promptHistory': promptHistory,
  'midjourney.saveTemplate': saveTemplate,
  'midjourney.importTasks': importTasks,
  'midjourney.editImage': editImage,
  'midjourney.insertImage': insertImage,
  'midjourney.saveImageAs': saveImageAs,
  'midjourney.saveQuadrants': saveQuadrants,
  'midjourney.revealImage': revealImage,
  'midjourney.filterTasks': filterTasks,
  'midjourney.clearFilter': clearFilter,
  'midjourney.searchTasks': searchTasks,
  'midjourney.starTask': starTask,
  'midjourney.unstarTask': unstarTask,
  'midjourney.showLog': (ctx) => ctx.log.show(),
  'midjourney.animate': animate,
  'midjourney.saveVideo': saveVideo,
  'midjourney.exportHistory': exportHistory,
  'midjourney.importHistory': importHistory,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)),
  );
}
