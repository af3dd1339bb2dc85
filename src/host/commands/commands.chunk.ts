/**
 * The commands bundle (dist/commands.js, see esbuild.js `chunks`): every command's code and the panel's actions,
 * loaded by lazy.ts on the first command run, so activation registers the ids without parsing their code.
 */
import type { PanelActions } from '../panel/taskPanel';
import type { CommandContext } from './context';
import { editImage } from './edit';
import { insertImage, saveImageAs } from './library';
import { usePrompt } from './prompts';
import { COMMANDS } from './register';
import { cancelTask } from './taskOps';
import { copyPrompt, openTask, pressButton, refreshTasks, retryTask } from './tasks';
import { submitMask } from './varyRegion';
import { animateInstead, extendVideo, saveVideo } from './video';

export { COMMANDS };
export { promptLanguage } from './promptFiles';

/** What the panel's buttons run (TaskPanels calls these for validated webview messages). */
export function panelActions(ctx: CommandContext): PanelActions {
  return {
    pressButton: (taskId, customId, strong) =>
      pressButton(ctx, taskId, customId, {
        onRefused: animateInstead(ctx, taskId, customId),
        ...(strong !== undefined ? { strong } : {}),
      }),
    editImage: (taskId, picture) => editImage(ctx, picture ? { taskId, picture } : taskId),
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
}
