import * as vscode from 'vscode';
import { suffixCostFactor } from '../core/prompts/suffixCost';
import type { CommandContext } from './commands/context';

const ACCEPTED = 'midjourney.acceptedWorkspaceSuffix';

/**
 * The `midjourney.promptSuffix` to add to this submit. A suffix set by the workspace (a cloned repository can
 * carry one) that multiplies the price (`--r 40`, `--bs 4`, `{a,b,c}`) is asked about once per suffix:
 * "Use It" remembers it for this workspace, "Submit Without It" sends the prompt alone; undefined: cancelled.
 * In an untrusted workspace VS Code never returns a workspace value (package.json restrictedConfigurations).
 */
export async function suffixForSubmit(ctx: CommandContext): Promise<string | undefined> {
  const { promptSuffix: suffix, promptSuffixFromWorkspace } = ctx.studio.settings;
  const factor = suffixCostFactor(suffix);
  if (!suffix || !promptSuffixFromWorkspace || factor <= 1) return suffix;
  const state = ctx.studio.context.workspaceState;
  if (state.get<string>(ACCEPTED) === suffix) return suffix;
  const use = vscode.l10n.t('Use It');
  const without = vscode.l10n.t('Submit Without It');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'This workspace adds “{0}” to every prompt, which makes each submit cost {1} times as much.',
      suffix,
      factor,
    ),
    {
      modal: true,
      detail: vscode.l10n.t('The suffix comes from this workspace’s settings (midjourney.promptSuffix).'),
    },
    use,
    without,
  );
  if (pick === use) {
    await state.update(ACCEPTED, suffix);
    return suffix;
  }
  return pick === without ? '' : undefined;
}
