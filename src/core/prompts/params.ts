/**
 * Midjourney prompt parameters for the composer: what each one accepts on which model version, the
 * warnings for combinations the server may refuse or ignore, and turning a subject plus a parameter set into
 * a prompt and back. Pure: the host's quick picks call these; the unit tests pin every range.
 *
 * Where the rules of a model are not certain (they change between releases and differ between servers),
 * a check warns instead of refusing, so a valid prompt is never blocked by our guess.
 *
 * The sentences are in the UI language (`t`); parameter names, flags and values stay as typed.
 */
import { t } from '../../shared/l10n';

/** The parameters the composer offers, in the order they are written into a prompt. */
export const PARAM_NAMES = [
  'ar',
  'v',
  'niji',
  'stylize',
  'chaos',
  'weird',
  'no',
  'seed',
  'style',
  'q',
  'iw',
  'sref',
  'cref',
  'tile',
] as const;

export type ParamName = (typeof PARAM_NAMES)[number];

/** A parameter set: the value of each parameter that is set ('' for the flag `--tile`, 'raw' for `--style`). */
export type ParamSet = Partial<Record<ParamName, string>>;

/** How the composer asks for a parameter: a typed value, or an on/off toggle. */
export interface ParamInfo {
  name: ParamName;
  /** What the prompt carries: `--ar`, `--style raw`, `--tile`. */
  label: string;
  kind: 'value' | 'toggle';
  /** One line on what it does and which values it takes. */
  hint: string;
}

/** What the prompt carries for each parameter, and how the composer asks for it. */
const PARAM_FORMS: Readonly<Record<ParamName, Pick<ParamInfo, 'label' | 'kind'>>> = {
  ar: { label: '--ar', kind: 'value' },
  v: { label: '--v', kind: 'value' },
  niji: { label: '--niji', kind: 'value' },
  stylize: { label: '--stylize', kind: 'value' },
  chaos: { label: '--chaos', kind: 'value' },
  weird: { label: '--weird', kind: 'value' },
  no: { label: '--no', kind: 'value' },
  seed: { label: '--seed', kind: 'value' },
  style: { label: '--style raw', kind: 'toggle' },
  q: { label: '--q', kind: 'value' },
  iw: { label: '--iw', kind: 'value' },
  sref: { label: '--sref', kind: 'value' },
  cref: { label: '--cref', kind: 'value' },
  tile: { label: '--tile', kind: 'toggle' },
};

/** One line on what a parameter does, in the UI language (so made when asked, not at module load). */
function paramHint(name: ParamName): string {
  switch (name) {
    case 'ar':
      return t('Aspect ratio, width:height in whole numbers, e.g. 16:9');
    case 'v':
      return t('Model version: 5, 5.1, 5.2, 6, 6.1 or 7');
    case 'niji':
      return t('Niji (anime) model version: 5 or 6');
    case 'stylize':
      return t('How strongly the house style applies: 0-1000');
    case 'chaos':
      return t('How different the four images are: 0-100');
    case 'weird':
      return t('Unusual, quirky results: 0-3000');
    case 'no':
      return t('What to leave out, e.g. text, people');
    case 'seed':
      return t('Starting noise, a whole number 0-4294967295');
    case 'style':
      return t('Less of the house style (v5.1 and later)');
    case 'q':
      return t('Quality (GPU time): .25, .5, 1, 2, or 4 on v7');
    case 'iw':
      return t('Weight of image prompts: 0-3 (0-2 on v5)');
    case 'sref':
      return t('Style reference: image URLs, style codes or random');
    case 'cref':
      return t('Character reference: image URLs (v6, niji 6)');
    case 'tile':
      return t('A seamless repeating pattern');
  }
}

/** The description of a parameter, for the composer's pick list and input boxes. */
export function paramInfo(name: ParamName): ParamInfo {
  return { name, ...PARAM_FORMS[name], hint: paramHint(name) };
}

/** The model a parameter set asks for: `--v` or `--niji` with its version, or none (the server's default). */
export interface Model {
  family: 'v' | 'niji' | 'default';
  /** The version number (5.2, 6…), or undefined for the server's default or an invalid value. */
  version?: number;
}

const V_VERSIONS = ['5', '5.1', '5.2', '6', '6.1', '7'];
const NIJI_VERSIONS = ['5', '6'];
const QUALITIES = [0.25, 0.5, 1, 2, 4];

/** The model of a set. `--niji` wins when both are given (that combination gets a warning of its own). */
export function modelOf(set: ParamSet): Model {
  if (set.niji !== undefined)
    return { family: 'niji', version: NIJI_VERSIONS.includes(set.niji) ? Number(set.niji) : undefined };
  if (set.v !== undefined)
    return { family: 'v', version: V_VERSIONS.includes(normaliseVersion(set.v)) ? Number(set.v) : undefined };
  return { family: 'default' };
}

function normaliseVersion(v: string): string {
  return v.trim().replace(/\.0$/, '');
}

/** "v5" family: versions 5, 5.1 and 5.2 of the main model. */
const isV5 = (m: Model): boolean => m.family === 'v' && m.version !== undefined && m.version < 6;

function intInRange(value: string, min: number, max: number, what: string): string | undefined {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    return t('{0} must be a whole number from {1} to {2}.', what, min, max);
  return undefined;
}

/**
 * Why `value` is not a valid value of `name` on `model`, or undefined when it is. Refuses only what is
 * certainly wrong; see `checkSet` for the combinations that merely warrant a warning.
 */
export function validateParam(
  name: ParamName,
  value: string,
  model: Model = { family: 'default' },
): string | undefined {
  const v = value.trim();
  switch (name) {
    case 'ar': {
      const m = /^(\d+):(\d+)$/.exec(v);
      if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
        return t('--ar must be width:height in positive whole numbers, e.g. 16:9.');
      return undefined;
    }
    case 'v':
      return V_VERSIONS.includes(normaliseVersion(v))
        ? undefined
        : t('--v must be one of {0}.', V_VERSIONS.join(t(', ')));
    case 'niji':
      return NIJI_VERSIONS.includes(normaliseVersion(v))
        ? undefined
        : t('--niji must be one of {0}.', NIJI_VERSIONS.join(t(', ')));
    case 'stylize':
      return intInRange(v, 0, 1000, '--stylize');
    case 'chaos':
      return intInRange(v, 0, 100, '--chaos');
    case 'weird':
      return intInRange(v, 0, 3000, '--weird');
    case 'seed':
      return intInRange(v, 0, 4294967295, '--seed');
    case 'no':
      if (!v) return t('--no needs the things to leave out, e.g. text, people.');
      return v.includes('--') ? t('--no cannot contain another parameter (--).') : undefined;
    case 'style':
      if (v !== 'raw') return t('The composer sets only --style raw.');
      if (isV5(model) && model.version === 5) return t('--style raw needs --v 5.1 or later.');
      if (model.family === 'niji' && model.version === 5)
        return t('--style raw needs --niji 6 (niji 5 has its own styles).');
      return undefined;
    case 'q': {
      const q = /^(\d*\.?\d+)$/.test(v) ? Number(v) : NaN;
      if (!QUALITIES.includes(q)) return t('--q must be .25, .5, 1, 2 or 4.');
      if (q === 4 && !(model.family === 'v' && model.version === 7) && model.family !== 'default')
        return t('--q 4 works only with --v 7.');
      return undefined;
    }
    case 'iw': {
      const n = /^(\d*\.?\d+)$/.test(v) ? Number(v) : NaN;
      if (isV5(model))
        return n >= 0 && n <= 2 ? undefined : t('--iw must be a number from 0 to {0} on v5.', 2);
      return n >= 0 && n <= 3 ? undefined : t('--iw must be a number from 0 to {0}.', 3);
    }
    case 'sref':
      return referenceTokens(v, true)
        ? undefined
        : t('--sref takes image URLs (https://…), style codes or random.');
    case 'cref':
      return referenceTokens(v, false) ? undefined : t('--cref takes image URLs (https://…).');
    case 'tile':
      return v === '' ? undefined : t('--tile takes no value.');
  }
}

/** True when every space-separated token is an http(s) URL (or, for --sref, a style code or "random"), with an optional ::weight. */
function referenceTokens(value: string, codes: boolean): boolean {
  const tokens = value.split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return false;
  return tokens.every((t) => {
    const bare = t.replace(/::-?\d+(\.\d+)?$/, '');
    if (/^https?:\/\/\S+$/i.test(bare)) return true;
    return codes && (/^\d+$/.test(bare) || bare === 'random');
  });
}

/** What is wrong with a whole set: `errors` (per parameter, refused) and `warnings` (may be refused or ignored). */
export interface SetCheck {
  errors: Partial<Record<ParamName, string>>;
  warnings: string[];
}

/** Checks every parameter against the set's model, then the combinations that servers refuse or ignore. */
export function checkSet(set: ParamSet): SetCheck {
  const model = modelOf(set);
  const errors: Partial<Record<ParamName, string>> = {};
  for (const name of PARAM_NAMES) {
    const value = set[name];
    if (value === undefined) continue;
    const error = validateParam(name, value, model);
    if (error) errors[name] = error;
  }
  const warnings: string[] = [];
  if (set.v !== undefined && set.niji !== undefined)
    warnings.push(t('--v and --niji choose two different models: keep one (the server may refuse both).'));
  if (set.sref !== undefined && isV5(model))
    warnings.push(t('--sref needs v6 or later: v5 ignores or refuses it.'));
  if (set.cref !== undefined) {
    if (isV5(model) || (model.family === 'niji' && model.version === 5))
      warnings.push(t('--cref needs v6 or niji 6: this version refuses it.'));
    else if (model.family === 'v' && model.version === 7)
      warnings.push(t('--cref is a v6 parameter: v7 uses --oref instead and may refuse it.'));
  }
  if (set.weird !== undefined && isV5(model) && model.version !== 5.2)
    warnings.push(t('--weird needs v5.2 or later.'));
  if (set.q !== undefined && model.family !== 'default') {
    const q = Number(set.q);
    if (q === 2 && !(model.family === 'v' && (model.version ?? 0) >= 6.1))
      warnings.push(t('--q 2 needs v6.1 or later; older versions treat it as 1.'));
    if (q < 1 && model.family === 'v' && model.version === 7)
      warnings.push(t('v7 takes --q 1, 2 or 4; lower values may be treated as 1.'));
  }
  return { errors, warnings };
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
    if (name === 'tile') parts.push('--tile');
    else if (name === 'style') parts.push('--style raw');
    else parts.push(`--${name} ${value.replace(/\s+/g, ' ').trim()}`);
  }
  return parts.filter(Boolean).join(' ');
}

/** Names Midjourney also accepts for the composer's parameters. */
const ALIASES: Readonly<Record<string, ParamName>> = {
  aspect: 'ar',
  version: 'v',
  s: 'stylize',
  c: 'chaos',
  w: 'weird',
  quality: 'q',
};

/** Parameters that take several words (up to the next `--`); the others take one word or none. */
const MULTI_WORD: ReadonlySet<ParamName> = new Set<ParamName>(['no', 'sref', 'cref']);

/**
 * Splits a prompt into its subject and the composer's parameters (aliases such as `--s` and `--c` included).
 * Anything else, unknown `--params` too, stays in the subject so that nothing typed is lost.
 */
export function splitPrompt(prompt: string): { subject: string; set: ParamSet } {
  const tokens = prompt.trim().split(/\s+/).filter(Boolean);
  const subject: string[] = [];
  const set: ParamSet = {};
  for (let i = 0; i < tokens.length; i++) {
    const m = /^--([a-zA-Z]+)$/.exec(tokens[i]);
    const raw = m?.[1].toLowerCase();
    const name = raw
      ? (ALIASES[raw] ?? (PARAM_NAMES as readonly string[]).find((n) => n === raw))
      : undefined;
    if (!name) {
      subject.push(tokens[i]);
      continue;
    }
    const typed = name as ParamName;
    const values: string[] = [];
    if (typed !== 'tile') {
      while (i + 1 < tokens.length && !tokens[i + 1].startsWith('--')) {
        values.push(tokens[++i]);
        if (!MULTI_WORD.has(typed)) break;
      }
    }
    // `--style` other than raw (cute, scenic…) is not the composer's: keep it in the subject as typed.
    if (typed === 'style' && values.join(' ') !== 'raw') {
      subject.push(tokens[i - values.length], ...values);
      continue;
    }
    set[typed] = values.join(' ');
  }
  return { subject: subject.join(' '), set };
}
