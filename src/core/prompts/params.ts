/**
 * The composer's view of the one parameter table (paramTable.ts): which parameters it offers, how it asks
 * for each, and turning a subject plus a parameter set into a prompt and back. Every range, version rule and
 * message comes from the table, so the composer, the submit checks and the prompt language never disagree.
 *
 * The table refuses only what is certainly impossible (an error blocks); a parameter this version does not
 * take, `--cref` on V7+, an unknown version (`--v 9`) only warn or inform, and the prompt is sent as typed.
 *
 * The sentences are in the UI language (`t`); parameter names, flags and values stay as typed.
 */
import { t } from '../../shared/l10n';
import {
  findParam,
  modelOf as modelOfPrompt,
  parsePrompt,
  validatePromptParams,
  type ModelRef,
} from './paramTable';

/** The parameters the composer offers, in the order they are written into a prompt. */
export const PARAM_NAMES = [
  'ar',
  'v',
  'niji',
  'stylize',
  'chaos',
  'weird',
  'exp',
  'no',
  'seed',
  'style',
  'q',
  'iw',
  'sref',
  'sw',
  'sv',
  'oref',
  'ow',
  'cref',
  'cw',
  'p',
  'r',
  'draft',
  'hd',
  'tile',
  'stealth',
  'public',
] as const;

export type ParamName = (typeof PARAM_NAMES)[number];

/** A parameter set: the value of each parameter that is set ('' for a flag such as `--tile`, 'raw' for `--style`). */
export type ParamSet = Partial<Record<ParamName, string>>;

/** How the composer asks for a parameter: a typed value, or an on/off toggle. */
export interface ParamInfo {
  name: ParamName;
  /** What the prompt carries: `--ar`, `--style raw`, `--tile`. */
  label: string;
  kind: 'value' | 'toggle';
  /** One line on what it does and which values it takes (the table's doc). */
  hint: string;
}

const TOGGLES: ReadonlySet<ParamName> = new Set<ParamName>([
  'style',
  'draft',
  'hd',
  'tile',
  'stealth',
  'public',
]);

/** The description of a parameter, for the composer's pick list and input boxes. */
export function paramInfo(name: ParamName): ParamInfo {
  const spec = findParam(name);
  return {
    name,
    label: name === 'style' ? '--style raw' : `--${name}`,
    kind: TOGGLES.has(name) ? 'toggle' : 'value',
    hint: spec?.doc ?? '',
  };
}

/** The model a set asks for (V8.1 when it names none); `known: false` for a version the table does not know. */
export type Model = ModelRef;

/** The model of a set: its `--niji` (which wins, as on Midjourney), else its `--v`, else V8.1. */
export function modelOf(set: ParamSet): Model {
  return modelOfPrompt(parsePrompt(composePrompt('x', { v: set.v, niji: set.niji })));
}

/** The model as parameters to put in front of a value, so the table checks it against that model. */
function modelParams(model: Model | undefined): string {
  if (!model) return '';
  return model.family === 'niji' ? ` --niji ${model.version}` : ` --v ${model.version}`;
}

/**
 * Why `value` is not a valid value of `name` on `model`, or undefined when it is. Only the table's errors
 * (impossible values) refuse; what merely may be refused shows in `checkSet`'s warnings.
 */
export function validateParam(name: ParamName, value: string, model?: Model): string | undefined {
  const v = value.trim().replace(/\s+/g, ' ');
  if (name === 'no' && v.includes('--')) return noDashes();
  const own = name === 'v' || name === 'niji';
  const flag = TOGGLES.has(name) && name !== 'style';
  const text = `x${own ? '' : modelParams(model)} --${name}${flag && !v ? '' : ` ${v}`}`;
  const offset = text.lastIndexOf(`--${name}`);
  const error = validatePromptParams(text).find((i) => i.severity === 'error' && i.start >= offset);
  if (error) return error.message;
  if (flag && v) return validatePromptParams(`x --${name} ${v}`).find((i) => i.start >= 2)?.message;
  return undefined;
}

/** A `--` inside --no would start another parameter: the value box cannot take it. */
function noDashes(): string {
  return t('--no cannot contain another parameter (--).');
}

/** What is wrong with a whole set: `errors` (per parameter, refused), `warnings` and `infos` (sent anyway). */
export interface SetCheck {
  errors: Partial<Record<ParamName, string>>;
  warnings: string[];
  infos: string[];
}

/** Checks the whole set as the prompt it makes, with the table: values, versions, combinations. */
export function checkSet(set: ParamSet): SetCheck {
  return checkPromptText(composePrompt('x', set));
}

/** The same check over a typed prompt (the composer's review, Run Prompt Again). */
export function checkPromptText(prompt: string): SetCheck {
  const errors: Partial<Record<ParamName, string>> = {};
  const warnings: string[] = [];
  const infos: string[] = [];
  for (const issue of validatePromptParams(prompt)) {
    if (issue.severity === 'error') {
      const name = (findParam(issue.param ?? '')?.name ?? issue.param ?? '') as ParamName;
      errors[name] ??= issue.message;
    } else if (issue.severity === 'warning') warnings.push(issue.message);
    else infos.push(issue.message);
  }
  return { errors, warnings, infos };
}

/** The set without the parameters that are not set (undefined), keeping only known names. */
export function cleanSet(set: Record<string, unknown>): ParamSet {
  const out: ParamSet = {};
  for (const name of PARAM_NAMES) {
    const value = set[name];
    if (typeof value === 'string') out[name] = value.trim();
  }
  return out;
}

/** The prompt for a subject and a set: the subject, then each set parameter in the order of PARAM_NAMES. */
export function composePrompt(subject: string, set: ParamSet): string {
  const parts = [subject.replace(/\s+/g, ' ').trim()];
  for (const name of PARAM_NAMES) {
    const value = set[name];
    if (value === undefined) continue;
    if (name === 'style') parts.push('--style raw');
    else if (TOGGLES.has(name)) parts.push(`--${name}`);
    else parts.push(`--${name} ${value.replace(/\s+/g, ' ').trim()}`.trim());
  }
  return parts.filter(Boolean).join(' ');
}

/**
 * Splits a prompt into its subject and the composer's parameters (aliases such as `--s`, `--repeat` included).
 * Anything else, unknown `--params` and parameters the composer does not offer, stays in the subject as typed.
 */
export function splitPrompt(prompt: string): { subject: string; set: ParamSet } {
  const text = prompt.trim();
  const parsed = parsePrompt(text);
  const set: ParamSet = {};
  const kept: string[] = [];
  let cursor = 0;
  const head = parsed.params[0]?.start ?? text.length;
  kept.push(text.slice(0, head));
  cursor = head;
  for (const p of parsed.params) {
    const spec = findParam(p.name);
    const name =
      spec && (PARAM_NAMES as readonly string[]).includes(spec.name) ? (spec.name as ParamName) : undefined;
    const value = (p.value ?? '').replace(/\s+/g, ' ');
    const toggle = name !== undefined && TOGGLES.has(name);
    // `--style` other than raw (cute, scenic…) is not the composer's; a flag followed by words keeps the words.
    const ours = name !== undefined && (name === 'style' ? value === 'raw' : !toggle || value === '');
    if (!ours || name === undefined) {
      kept.push(text.slice(cursor, p.end));
    } else {
      kept.push(text.slice(cursor, p.start));
      set[name] = name === 'style' ? 'raw' : value;
    }
    cursor = p.end;
  }
  kept.push(text.slice(cursor));
  return { subject: kept.join(' ').replace(/\s+/g, ' ').trim(), set };
}
