import { clearApiKey, setApiKey } from './apiKey';
import { composePrompt, promptHistory, saveTemplate } from './composer';
import type { CommandContext } from './context';
import { clearFilter, filterTasks, searchTasks, starTask, unstarTask } from './findTasks';
import { animate, saveVideo } from './video';
import { editImage, retextureImage } from './edit';
import { openGallery, useAsStyleReference } from './gallery';
import { importTasks } from './history';
import { uploadReferenceImage } from './reference';
import { exportHistory, importHistory } from './historyFile';
import { imagine, imagineFromSelection, reusePrompt } from './imagine';
import { insertImage, revealImage, saveImageAs, saveQuadrants } from './library';
import { blendImages, describeImage, imagineWithImages } from './images';
import { continueTask } from './modal';
import { shortenPrompt } from './prompts';
import {
  imagineAllPromptsInFile,
  imaginePrompt,
  insertPromptResult,
  newPromptFile,
  openPromptRun,
  runPromptAtCursor,
} from './promptFiles';
import { cancelTask, copySeed, trackTask } from './taskOps';
import { loadAgentTools } from '../agents/lazy';
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
  'midjourney.retextureImage': retextureImage,
  'midjourney.uploadReference': uploadReferenceImage,
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
  'midjourney.newPromptFile': newPromptFile,
  'midjourney.imagineAllPromptsInFile': imagineAllPromptsInFile,
  'midjourney.runPromptAtCursor': runPromptAtCursor,
  'midjourney.imaginePrompt': imaginePrompt,
  'midjourney.insertPromptResult': insertPromptResult,
  'midjourney.openPromptRun': openPromptRun,
  'midjourney.openGallery': openGallery,
  'midjourney.useAsStyleReference': useAsStyleReference,
  'midjourney.copyMcpServerConfig': (ctx) => loadAgentTools().copyMcpServerConfig(ctx),
};
