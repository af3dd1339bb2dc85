import * as vscode from 'vscode';
import {
  checkPromptText,
  checkSet,
  composePrompt as compose,
  modelOf,
  paramInfo,
  PARAM_NAMES,
  splitPrompt,
  validateParam,
  type ParamName,
  type ParamSet,
} from '../../core/prompts/params';
import { promptLabel, validatePrompt } from '../../core/prompts/prompt';
import { thumbName } from '../../core/media/thumbName';
import { ComposerState, type Composition } from '../composerState';
import { StyleRefs } from '../styleRefs';
import { inputStep, pickStep, type StepItem, type StepMessage } from '../quickSteps';
import type { CommandContext } from './context';
import { submitImagine } from './imagine';

type Step = 'template' | 'subject' | 'params' | 'review';
type ListChoice = { kind: 'param'; name: ParamName } | { kind: 'done' | 'save' | 'clear' | 'none' };

/**
 * `midjourney.composePrompt`: a wizard — template (when some are saved), subject, parameters (each checked
 * against the chosen model version), then the whole prompt for a last edit. Submits once, through Imagine.
 * `initial` (a prompt, from Prompt History) starts from that prompt instead of the last composition.
 */
export async function composePrompt(ctx: CommandContext, initial?: unknown): Promise<void> {
  const state = new ComposerState(ctx.studio.context.globalState);
  const templates = state.templates();
  const hasTemplates = typeof initial !== 'string' && Object.keys(templates).length > 0;
  let c: Composition = typeof initial === 'string' ? splitPrompt(initial) : state.last();
  let step: Step = hasTemplates ? 'template' : 'subject';
  for (;;) {
    if (step === 'template') {
      const r = await pickStep<ParamSet>({
        title: vscode.l10n.t('Midjourney: Compose Prompt: Start From'),
        back: false,
        placeholder: vscode.l10n.t('Start from the last values, a saved template, or no parameters'),
        items: [
          {
            label: `$(history) ${vscode.l10n.t('Last values')}`,
            description: describeSet(c.set),
            value: c.set,
          },
          ...Object.entries(templates).map(([name, set]) => ({
            label: `$(bookmark) ${name}`,
            description: describeSet(set),
            value: set,
          })),
          { label: `$(circle-slash) ${vscode.l10n.t('No parameters')}`, value: {} },
        ],
      });
      if (r.kind !== 'value') return;
      c = { ...c, set: { ...r.value } };
      step = 'subject';
    } else if (step === 'subject') {
      const r = await inputStep({
        title: vscode.l10n.t('Midjourney: Compose Prompt: Subject'),
        back: hasTemplates,
        value: c.subject,
        prompt: vscode.l10n.t('What the image shows. Parameters come next (typed ones are picked up too).'),
        placeholder: vscode.l10n.t('a lighthouse on a cliff at dawn, oil painting'),
        // Parameters alone are not a subject: they would be written twice (as text and as the set).
        validate: (v) =>
          splitPrompt(v).subject
            ? undefined
            : { severity: 'error', message: vscode.l10n.t('Type what the image shows.') },
      });
      if (r.kind === 'cancel') return;
      if (r.kind === 'back') {
        step = 'template';
        continue;
      }
      const typed = splitPrompt(r.value);
      c = { subject: typed.subject, set: { ...c.set, ...typed.set } };
      step = 'params';
    } else if (step === 'params') {
      const r = await pickStep<ListChoice>({
        title: vscode.l10n.t('Midjourney: Compose Prompt: Parameters'),
        back: true,
        placeholder: compose(c.subject, c.set),
        items: listItems(c.set),
      });
      if (r.kind === 'cancel') return;
      if (r.kind === 'back') {
        step = 'subject';
        continue;
      }
      const choice = r.value;
      if (choice.kind === 'done') step = 'review';
      else if (choice.kind === 'clear') c = { ...c, set: {} };
      else if (choice.kind === 'save') await askTemplate(state, c.set, true);
      else if (choice.kind === 'param') {
        const next = await editParam(choice.name, c.set, ctx);
        if (next === undefined) return;
        c = { ...c, set: next };
      }
    } else {
      const r = await inputStep({
        title: vscode.l10n.t('Midjourney: Compose Prompt: Review'),
        back: true,
        value: compose(c.subject, c.set),
        prompt: vscode.l10n.t('The prompt as it will be sent. Edit it freely; Enter submits it once.'),
        validate: reviewMessage,
      });
      if (r.kind === 'cancel') return;
      if (r.kind === 'back') {
        step = 'params';
        continue;
      }
      const final = splitPrompt(r.value);
      await state.remember({ subject: final.subject, set: final.set }, r.value.trim());
      await submitImagine(ctx, r.value.trim());
      return;
    }
  }
}

/** The pick list: Done, the warnings, every parameter with its value (or its problem), then save/clear. */
function listItems(set: ParamSet): StepItem<ListChoice>[] {
  const check = checkSet(set);
  const items: StepItem<ListChoice>[] = [
    { label: `$(check) ${vscode.l10n.t('Done: review the prompt')}`, value: { kind: 'done' } },
  ];
  for (const warning of check.warnings)
    items.push({ label: `$(warning) ${warning}`, value: { kind: 'none' } });
  for (const info of check.infos) items.push({ label: `$(info) ${info}`, value: { kind: 'none' } });
  items.push({
    label: vscode.l10n.t('Parameters'),
    kind: vscode.QuickPickItemKind.Separator,
    value: { kind: 'none' },
  });
  for (const name of PARAM_NAMES) {
    const info = paramInfo(name);
    const value = set[name];
    const error = check.errors[name];
    items.push({
      label: info.label,
      description:
        info.kind === 'toggle'
          ? value === undefined
            ? vscode.l10n.t('off')
            : vscode.l10n.t('on')
          : value === undefined
            ? ''
            : value,
      detail: error ? `$(error) ${error}` : info.hint,
      value: { kind: 'param', name },
    });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator, value: { kind: 'none' } },
    { label: `$(save) ${vscode.l10n.t('Save These Parameters as a Template…')}`, value: { kind: 'save' } },
    { label: `$(clear-all) ${vscode.l10n.t('Clear All Parameters')}`, value: { kind: 'clear' } },
  );
  return items;
}

/** Asks for one parameter's value (or flips a toggle); returns the new set, the same set on Back, undefined on cancel. */
async function editParam(
  name: ParamName,
  set: ParamSet,
  ctx?: CommandContext,
): Promise<ParamSet | undefined> {
  const info = paramInfo(name);
  const { [name]: current, ...others } = set;
  if (info.kind === 'toggle')
    return current === undefined ? { ...set, [name]: name === 'style' ? 'raw' : '' } : others;
  let start = current ?? '';
  if ((name === 'sref' || (name as string) === 'oref') && ctx) {
    const picked = await pickStyleRef(ctx, info.label, start);
    if (picked.kind === 'cancel') return undefined;
    if (picked.kind === 'back') return set;
    start = picked.value;
  }
  // Checked against the model the other parameters choose (--v and --niji are checked on their own).
  const model = modelOf(others);
  const r = await inputStep({
    title: vscode.l10n.t('Midjourney: Compose Prompt: {0}', info.label),
    back: true,
    value: start,
    prompt: vscode.l10n.t('{0}. Leave empty to remove it.', info.hint),
    validate: (v): StepMessage | undefined => {
      if (!v.trim()) return undefined;
      const error = validateParam(name, v, model);
      return error ? { severity: 'error', message: error } : undefined;
    },
  });
  if (r.kind === 'cancel') return undefined;
  if (r.kind === 'back') return set;
  return r.value.trim() ? { ...others, [name]: r.value.trim() } : others;
}

/**
 * The style-reference library (Use as Style Reference) for --sref / --oref: each picture with its thumbnail;
 * the chosen URL is added to the value typed so far, which the next step lets the user edit.
 */
async function pickStyleRef(
  ctx: CommandContext,
  label: string,
  current: string,
): Promise<{ kind: 'value'; value: string } | { kind: 'back' } | { kind: 'cancel' }> {
  const refs = new StyleRefs(ctx.studio.context.globalState).list();
  if (refs.length === 0) return { kind: 'value', value: current };
  const thumbs = vscode.Uri.joinPath(ctx.images.dir, 'thumbs');
  const r = await pickStep<string | undefined>({
    title: vscode.l10n.t('Midjourney: Compose Prompt: {0}', label),
    back: true,
    placeholder: vscode.l10n.t('A picture from your style references, or type a value'),
    items: [
      ...refs.map((ref) => {
        const rec = ref.taskId ? ctx.studio.store.get(ref.taskId) : undefined;
        const icon = ref.taskId ? vscode.Uri.joinPath(thumbs, thumbName(ref.taskId)) : undefined;
        return {
          label: ref.label || ref.url,
          description: ref.url,
          iconPath: rec?.localImage && !icon ? vscode.Uri.file(rec.localImage) : icon,
          value: ref.url as string | undefined,
        };
      }),
      { label: `$(edit) ${vscode.l10n.t('Type a value…')}`, value: undefined },
    ],
  });
  if (r.kind !== 'value') return r;
  if (r.value === undefined) return { kind: 'value', value: current };
  const values = current.split(/\s+/).filter(Boolean);
  return { kind: 'value', value: [...values.filter((v) => v !== r.value), r.value].join(' ') };
}

/**
 * The review box's message, from the one table over the whole typed prompt (the check every submit uses): an
 * empty prompt or an impossible value blocks; a risky combination, an unknown parameter or version (`--v 9`)
 * only shows, and the prompt is sent as typed.
 */
function reviewMessage(prompt: string): StepMessage | undefined {
  const invalid = validatePrompt(prompt);
  if (invalid) return { severity: 'error', message: invalid };
  const check = checkPromptText(prompt);
  const error = Object.values(check.errors)[0];
  if (error) return { severity: 'error', message: error };
  const notes = [...check.warnings, ...check.infos];
  return notes.length > 0 ? { severity: 'warning', message: notes.join(' ') } : undefined;
}

/** The parameters of a set as they would appear in a prompt, or "no parameters". */
function describeSet(set: ParamSet): string {
  return compose('', set) || vscode.l10n.t('no parameters');
}

/** Asks for a template name and saves `set` under it; true when saved. */
async function askTemplate(state: ComposerState, set: ParamSet, back: boolean): Promise<boolean> {
  const existing = state.templates();
  const r = await inputStep({
    title: vscode.l10n.t('Midjourney: Save Template'),
    back,
    value: '',
    prompt: vscode.l10n.t('A name for {0}', describeSet(set)),
    placeholder: vscode.l10n.t('wide cinematic'),
    validate: (v) => {
      const name = v.trim();
      if (!name) return { severity: 'error', message: vscode.l10n.t('Type a name for the template.') };
      if (name.length > 60)
        return { severity: 'error', message: vscode.l10n.t('Keep the name under 60 characters.') };
      return existing[name]
        ? { severity: 'warning', message: vscode.l10n.t('Replaces the template "{0}".', name) }
        : undefined;
    },
  });
  if (r.kind !== 'value') return false;
  await state.saveTemplate(r.value.trim(), set);
  vscode.window.setStatusBarMessage(
    vscode.l10n.t('$(bookmark) Midjourney: saved template "{0}"', r.value.trim()),
    3000,
  );
  return true;
}

/** `midjourney.saveTemplate`: saves the last composed parameter set under a name, offered first by the composer. */
export async function saveTemplate(ctx: CommandContext): Promise<void> {
  const state = new ComposerState(ctx.studio.context.globalState);
  const { set } = state.last();
  if (Object.keys(set).length === 0) {
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Midjourney: compose a prompt with parameters first; its parameters become the template.',
      ),
      vscode.l10n.t('Compose Prompt…'),
    );
    if (pick) await composePrompt(ctx);
    return;
  }
  await askTemplate(state, set, false);
}

/**
 * `midjourney.promptHistory`: the prompts composed here and those of past Imagine tasks, newest first. Enter
 * opens the prompt for an edit and submits it once; the pencil button opens it in the composer instead.
 */
export async function promptHistory(ctx: CommandContext): Promise<void> {
  const state = new ComposerState(ctx.studio.context.globalState);
  const seen = new Set<string>();
  const items: (vscode.QuickPickItem & { prompt: string })[] = [];
  const editButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('edit'),
    tooltip: vscode.l10n.t('Edit in Composer'),
  };
  const add = (prompt: string, description: string): void => {
    const p = prompt.trim();
    if (!p || seen.has(p)) return;
    seen.add(p);
    items.push({ label: promptLabel(p, 80), description, detail: p, prompt: p, buttons: [editButton] });
  };
  for (const p of state.recent()) add(p, 'composed');
  for (const rec of ctx.studio.store.list())
    if (rec.task.action === 'IMAGINE') add(rec.task.prompt, new Date(rec.createdAt).toLocaleString());
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Midjourney: no prompts yet. Compose one or run Imagine first.'),
    );
    return;
  }
  for (;;) {
    const picked = await pickHistory(items);
    if (!picked) return;
    if (picked.edit) return composePrompt(ctx, picked.prompt);
    const r = await inputStep({
      title: vscode.l10n.t('Midjourney: Run Prompt Again'),
      back: true,
      value: picked.prompt,
      prompt: vscode.l10n.t('Edit the prompt; Enter submits it once.'),
      validate: reviewMessage,
    });
    if (r.kind === 'cancel') return;
    if (r.kind === 'back') continue;
    await submitImagine(ctx, r.value.trim());
    return;
  }
}

/** The history pick: resolves with the chosen prompt (and whether its edit button was pressed), or undefined. */
function pickHistory(
  items: (vscode.QuickPickItem & { prompt: string })[],
): Promise<{ prompt: string; edit: boolean } | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { prompt: string }>();
  pick.title = vscode.l10n.t('Midjourney: Prompt History');
  pick.placeholder = vscode.l10n.t('Pick a prompt to run again (the pencil opens it in the composer)');
  pick.matchOnDetail = true;
  pick.items = items;
  return new Promise((resolve) => {
    let result: { prompt: string; edit: boolean } | undefined;
    const finish = (r: { prompt: string; edit: boolean } | undefined): void => {
      result = r;
      pick.hide();
    };
    pick.onDidAccept(() =>
      finish(pick.selectedItems[0] && { prompt: pick.selectedItems[0].prompt, edit: false }),
    );
    pick.onDidTriggerItemButton((e) => finish({ prompt: e.item.prompt, edit: true }));
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}
