/**
 * The one table of Midjourney's prompt parameters, per model version (V5 … V8.1, niji 4 … 7), and the checks
 * every prompt we submit goes through: the composer, the submit commands, the prompt language (completion,
 * hover, squiggles, quick fixes) and the agent tools all read it. Pure, no vscode.
 *
 * What Midjourney accepts changes with each release and differs between servers, so the checks refuse only what
 * is certainly impossible (an error: a value out of its range, a ratio of 1:0) and warn about the rest; an
 * unknown version or parameter is reported (info) and still submitted as typed: the next `--v 9` must work the
 * day it ships. Facts: ../shared/API.md, "Midjourney in late 2026".
 */
import { t } from '../../shared/l10n';
import { expandPermutations } from './permutations';

/** The model a prompt runs on: `--v` or `--niji` with its version (the default: V8.1). */
export interface ModelRef {
  family: 'v' | 'niji';
  version: string;
  /** False for a version this table does not know (newer, or mistyped): checked as the newest. */
  known: boolean;
}

export interface ParamSpec {
  /** Canonical, without `--` (`ar`, `oref`, `r`). */
  name: string;
  /** Other names Midjourney accepts (`aspect` for `ar`, `repeat` for `r`). */
  aliases: string[];
  /** One line, in the UI language: what it does. */
  doc: string;
  kind: 'flag' | 'number' | 'enum' | 'ratio' | 'url' | 'text';
  range?: { min: number; max: number; integer?: boolean };
  /** Enum values, or values worth suggesting (aspect presets, versions, `raw`, `low|high`). */
  values?: string[];
  appliesTo(model: ModelRef): boolean;
  rangeFor?(model: ModelRef): { min: number; max: number } | undefined;
  valuesFor?(model: ModelRef): string[] | undefined;
}

export const V_VERSIONS = ['5', '5.1', '5.2', '6', '6.1', '7', '8', '8.1'] as const;
export const NIJI_VERSIONS = ['4', '5', '6', '7'] as const;
export const DEFAULT_MODEL: ModelRef = { family: 'v', version: '8.1', known: true };

/**
 * The main-model generation a model belongs to, for "V7 and later" rules: niji 7 is V7-era, niji 6 V6-era
 * (and so on); an unknown version is treated as the newest.
 */
export function generation(m: ModelRef): number {
  return m.known ? Math.floor(Number(m.version)) : 99;
}

const atLeast =
  (g: number) =>
  (m: ModelRef): boolean =>
    generation(m) >= g;
const before =
  (g: number) =>
  (m: ModelRef): boolean =>
    generation(m) < g;
const always = (): boolean => true;

const ASPECTS = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '21:9', '4:5', '5:4'];

function spec(
  name: string,
  kind: ParamSpec['kind'],
  doc: () => string,
  extra: Partial<Omit<ParamSpec, 'name' | 'kind' | 'doc'>> = {},
): ParamSpec {
  return {
    name,
    kind,
    aliases: extra.aliases ?? [],
    get doc() {
      return doc();
    },
    appliesTo: extra.appliesTo ?? always,
    ...(extra.range ? { range: extra.range } : {}),
    ...(extra.values ? { values: extra.values } : {}),
    ...(extra.rangeFor ? { rangeFor: extra.rangeFor } : {}),
    ...(extra.valuesFor ? { valuesFor: extra.valuesFor } : {}),
  };
}

/** Every parameter we know, in the order the composer writes them. Docs are made when read (UI language). */
export const PARAMS: readonly ParamSpec[] = [
  spec('ar', 'ratio', () => t('Aspect ratio, width:height in whole numbers, e.g. 16:9'), {
    aliases: ['aspect'],
    values: ASPECTS,
  }),
  spec('v', 'enum', () => t('Model version: 5 to 8.1 (8.1 is the default)'), {
    aliases: ['version'],
    values: [...V_VERSIONS],
  }),
  spec('niji', 'enum', () => t('Niji (anime) model version: 4 to 7'), { values: [...NIJI_VERSIONS] }),
  spec('stylize', 'number', () => t('How strongly the house style applies: 0-1000'), {
    aliases: ['s'],
    range: { min: 0, max: 1000, integer: true },
  }),
  spec('chaos', 'number', () => t('How different the four images are: 0-100'), {
    aliases: ['c'],
    range: { min: 0, max: 100, integer: true },
  }),
  spec('weird', 'number', () => t('Unusual, quirky results: 0-3000'), {
    aliases: ['w'],
    range: { min: 0, max: 3000, integer: true },
  }),
  spec('exp', 'number', () => t('Experimental aesthetics, more detail and dynamism: 0-100 (V7 and later)'), {
    range: { min: 0, max: 100, integer: true },
    appliesTo: atLeast(7),
  }),
  spec('no', 'text', () => t('What to leave out, e.g. text, people')),
  spec('seed', 'number', () => t('Starting noise, a whole number 0-4294967295'), {
    range: { min: 0, max: 4294967295, integer: true },
  }),
  spec('style', 'enum', () => t('raw: less of the house style (niji also takes cute, expressive, scenic…)'), {
    values: ['raw'],
    valuesFor: (m) => (m.family === 'niji' ? ['raw', 'cute', 'expressive', 'original', 'scenic'] : ['raw']),
  }),
  spec('raw', 'flag', () => t('Less of the house style (the short form of --style raw)')),
  spec('q', 'enum', () => t('Quality (GPU time): .25, .5, 1, 2; 4 on V7'), {
    aliases: ['quality'],
    values: ['.25', '.5', '1', '2', '4'],
    valuesFor: (m) => (generation(m) >= 7 ? ['.5', '1', '2', '4'] : ['.25', '.5', '1', '2']),
  }),
  spec('iw', 'number', () => t('Weight of image prompts: 0-3 (0-2 on V5)'), {
    range: { min: 0, max: 3 },
    rangeFor: (m) => (m.family === 'v' && generation(m) < 6 ? { min: 0, max: 2 } : { min: 0, max: 3 }),
  }),
  spec('sref', 'text', () => t('Style reference: image URLs, style codes or random'), {
    appliesTo: atLeast(6),
  }),
  spec('sw', 'number', () => t('Style reference weight: 0-1000'), {
    range: { min: 0, max: 1000, integer: true },
    appliesTo: atLeast(6),
  }),
  spec('sv', 'number', () => t('Style reference version: 1-6 (V7 and later; 4 is the older behaviour)'), {
    range: { min: 1, max: 6, integer: true },
    appliesTo: atLeast(7),
  }),
  spec(
    'oref',
    'url',
    () => t('Omni reference: one image URL of a character or object to keep (V7 and later)'),
    {
      appliesTo: atLeast(7),
    },
  ),
  spec('ow', 'number', () => t('Omni reference weight: 0-1000 (400 or less is advised)'), {
    range: { min: 0, max: 1000, integer: true },
    appliesTo: atLeast(7),
  }),
  spec('cref', 'url', () => t('Character reference: image URLs (V6 and niji 6; V7 and later use --oref)'), {
    appliesTo: (m) => generation(m) === 6,
  }),
  spec('cw', 'number', () => t('Character reference weight: 0-100 (V6; V7 and later use --ow)'), {
    range: { min: 0, max: 100, integer: true },
    appliesTo: (m) => generation(m) === 6,
  }),
  spec('draft', 'flag', () => t('Draft mode: faster and cheaper, lower detail (V7 and later)'), {
    appliesTo: atLeast(7),
  }),
  spec('p', 'text', () => t('Personalization: your profile or moodboard codes (none for your default)'), {
    aliases: ['profile', 'personalize'],
  }),
  spec('r', 'number', () => t('Repeat: runs the prompt 1-40 times, each a job of its own (each is billed)'), {
    aliases: ['repeat'],
    range: { min: 1, max: 40, integer: true },
  }),
  spec('tile', 'flag', () => t('A seamless repeating pattern')),
  spec('stealth', 'flag', () => t('Keep the images off the public gallery (Pro and Mega plans)')),
  spec('public', 'flag', () => t('Show the images in the public gallery')),
  spec('fast', 'flag', () => t('Run in Fast mode')),
  spec('relax', 'flag', () => t('Run in Relax mode')),
  spec('turbo', 'flag', () => t('Run in Turbo mode (twice the Fast price)')),
  spec('hd', 'flag', () => t('Render at 2K on V8.1 (at a multiple of the price)'), { appliesTo: atLeast(8) }),
  spec('video', 'flag', () => t('Make a video of the image')),
  spec('motion', 'enum', () => t('Video motion: low or high'), { values: ['low', 'high'] }),
  spec('loop', 'flag', () => t('Video: end on the first frame, for a seamless loop')),
  spec('end', 'url', () => t('Video: the image URL of the last frame')),
  spec('bs', 'enum', () => t('Video batch size: 1, 2 or 4 clips (each is billed)'), {
    values: ['1', '2', '4'],
  }),
  spec('stop', 'number', () => t('Stop the render early, at 10-100 %'), {
    range: { min: 10, max: 100, integer: true },
    appliesTo: before(7),
  }),
];

const BY_NAME = new Map<string, ParamSpec>();
for (const p of PARAMS) for (const n of [p.name, ...p.aliases]) BY_NAME.set(n, p);

/** The parameter a name or alias (without `--`, any case) stands for. */
export function findParam(nameOrAlias: string): ParamSpec | undefined {
  return BY_NAME.get(nameOrAlias.replace(/^--?/, '').toLowerCase());
}

/** One `--name value` of a prompt; offsets are into the prompt's text (end is exclusive). */
export interface PromptParam {
  /** Lower-cased, as typed (an alias stays an alias; findParam() resolves it). */
  name: string;
  /** The text of the whole parameter, `--ar 16:9`. */
  raw: string;
  value?: string;
  start: number;
  end: number;
  valueStart?: number;
  valueEnd?: number;
}

export interface ParsedPrompt {
  subject: string;
  params: PromptParam[];
  /** Image prompts: the http(s) URLs that lead the prompt. */
  imageUrls: { url: string; start: number; end: number }[];
}

/**
 * Splits a prompt into its leading image URLs, its subject and its parameters. A parameter starts at `--name`
 * after whitespace (or at the start); its value runs to the next parameter (several words for `--no`, `--sref`,
 * `--p`, a single word for most others is still taken whole: the check says when it is wrong).
 */
export function parsePrompt(text: string): ParsedPrompt {
  const params: PromptParam[] = [];
  const re = /(^|\s)--?([A-Za-z][\w-]*)/g;
  const heads: { name: string; start: number; nameEnd: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // `-` alone is Midjourney's old short form only for a few; we take `--` and a lone `—` (an em dash, what
    // macOS makes of `--`) is left to the subject.
    if (!m[0].trimStart().startsWith('--')) continue;
    const start = m.index + m[1].length;
    heads.push({ name: m[2].toLowerCase(), start, nameEnd: start + m[0].trimStart().length });
  }
  heads.forEach((h, i) => {
    const limit = i + 1 < heads.length ? heads[i + 1].start : text.length;
    const segment = text.slice(h.nameEnd, limit);
    const lead = segment.length - segment.trimStart().length;
    const value = segment.trim();
    const end = value ? h.nameEnd + lead + value.length : h.nameEnd;
    const p: PromptParam = { name: h.name, raw: text.slice(h.start, end), start: h.start, end };
    if (value) {
      p.value = value;
      p.valueStart = h.nameEnd + lead;
      p.valueEnd = end;
    }
    params.push(p);
  });
  const head = heads.length ? text.slice(0, heads[0].start) : text;
  const imageUrls: ParsedPrompt['imageUrls'] = [];
  const urlRe = /\S+/g;
  let subjectStart = 0;
  for (let m = urlRe.exec(head); m; m = urlRe.exec(head)) {
    if (!/^https?:\/\/\S+$/i.test(m[0])) break;
    imageUrls.push({ url: m[0], start: m.index, end: m.index + m[0].length });
    subjectStart = m.index + m[0].length;
  }
  return { subject: head.slice(subjectStart).trim(), params, imageUrls };
}

/** The model a prompt runs on: its `--niji` (which wins, as on Midjourney), else its `--v`, else V8.1. */
export function modelOf(parsed: ParsedPrompt): ModelRef {
  const niji = parsed.params.find((p) => p.name === 'niji');
  if (niji) return ref('niji', niji.value ?? '');
  const v = parsed.params.find((p) => findParam(p.name)?.name === 'v');
  if (v) return ref('v', v.value ?? '');
  return DEFAULT_MODEL;
}

function ref(family: 'v' | 'niji', typed: string): ModelRef {
  const version = typed.trim().replace(/\.0$/, '');
  const known = (family === 'v' ? (V_VERSIONS as readonly string[]) : NIJI_VERSIONS).includes(version);
  return { family, version: version || (family === 'v' ? '8.1' : '7'), known };
}

/** "V7", "niji 6", "V8.1". */
export function modelName(m: ModelRef): string {
  return m.family === 'niji' ? `niji ${m.version}` : `V${m.version}`;
}

/** The parameters that work on a model, in table order. */
export function paramsFor(model: ModelRef): ParamSpec[] {
  return PARAMS.filter((p) => p.appliesTo(model));
}

/** The values a parameter takes (or that are worth suggesting) on a model. */
export function valuesFor(p: ParamSpec, model: ModelRef): string[] {
  return p.valuesFor?.(model) ?? p.values ?? [];
}

export interface PromptFix {
  title: string;
  start: number;
  end: number;
  replacement: string;
}

export interface PromptIssue {
  /** error: impossible, the server refuses it; warning: risky, may be refused or ignored; info: unknown to us. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  start: number;
  end: number;
  param?: string;
  fix?: PromptFix;
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Every issue of one prompt, from the one table: errors (impossible values), warnings (a parameter this
 * version does not take, risky combinations, `--cref` on V7 and later, with the fix to `--oref`), infos
 * (unknown parameters and versions: sent as typed). A value with `{…}` is a permutation: each variant is
 * checked when it is expanded, not here.
 */
export function validatePromptParams(text: string): PromptIssue[] {
  const parsed = parsePrompt(text);
  const model = modelOf(parsed);
  const issues: PromptIssue[] = [];
  const seen = new Map<string, PromptParam>();
  for (const p of parsed.params) {
    const s = findParam(p.name);
    const at = { start: p.start, end: p.end, param: p.name };
    if (!s) {
      issues.push({
        severity: 'info',
        message: t('--{0} is not a parameter Midjourney Studio knows; it is sent as typed.', p.name),
        ...at,
      });
      continue;
    }
    const earlier = seen.get(s.name);
    if (earlier) {
      issues.push({
        severity: 'warning',
        message: t('--{0} is given twice; the server may take either.', s.name),
        ...at,
        fix: { title: t('Remove the second --{0}', s.name), ...removal(text, p) },
      });
    }
    seen.set(s.name, p);
    issues.push(...checkValue(s, p, model));
    if (!s.appliesTo(model)) issues.push(...versionIssue(s, p, model, parsed));
  }
  if (seen.has('v') && seen.has('niji')) {
    const p = seen.get('v')!;
    issues.push({
      severity: 'warning',
      message: t(
        '--v and --niji choose two different models: keep one (niji wins; the server may refuse both).',
      ),
      start: p.start,
      end: p.end,
      param: p.name,
    });
  }
  const ow = seen.get('ow');
  if (ow?.value && NUMBER.test(ow.value) && Number(ow.value) > 400 && Number(ow.value) <= 1000) {
    issues.push({
      severity: 'warning',
      message: t('--ow above 400 often overrides the prompt and the style; 400 or less is advised.'),
      start: ow.start,
      end: ow.end,
      param: 'ow',
    });
  }
  if (ow && !seen.has('oref')) {
    issues.push({
      severity: 'warning',
      message: t('--ow weighs an omni reference: add --oref <image URL>, or it does nothing.'),
      start: ow.start,
      end: ow.end,
      param: 'ow',
    });
  }
  const cw = seen.get('cw');
  if (cw && !seen.has('cref') && generation(model) === 6) {
    issues.push({
      severity: 'warning',
      message: t('--cw weighs a character reference: add --cref <image URL>, or it does nothing.'),
      start: cw.start,
      end: cw.end,
      param: 'cw',
    });
  }
  return issues;
}

function removal(text: string, p: PromptParam): { start: number; end: number; replacement: string } {
  // Take the whitespace before the parameter too, so no double space is left.
  let start = p.start;
  while (start > 0 && /\s/.test(text[start - 1])) start--;
  return { start, end: p.end, replacement: '' };
}

function checkValue(s: ParamSpec, p: PromptParam, model: ModelRef): PromptIssue[] {
  const value = p.value;
  const vAt = { start: p.valueStart ?? p.start, end: p.valueEnd ?? p.end, param: p.name };
  const whole = { start: p.start, end: p.end, param: p.name };
  if (value !== undefined && /[{}]/.test(value)) return [];
  if (s.kind === 'flag') {
    if (value === undefined) return [];
    // A flag followed by words: the words are the subject's (Midjourney reads them so); say so softly.
    return [
      {
        severity: 'warning',
        message: t('--{0} takes no value: "{1}" is read as part of the prompt.', s.name, value),
        ...vAt,
      },
    ];
  }
  if (value === undefined) {
    if (s.name === 'p') return []; // --p alone: the default profile
    return [{ severity: 'error', message: t('--{0} needs a value.', s.name), ...whole }];
  }
  switch (s.kind) {
    case 'ratio': {
      const m = /^(\d+):(\d+)$/.exec(value);
      if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
        return [
          {
            severity: 'error',
            message: t('--{0} must be width:height in positive whole numbers, e.g. 16:9.', s.name),
            ...vAt,
          },
        ];
      return [];
    }
    case 'number': {
      const range = s.rangeFor?.(model) ?? s.range;
      if (!range) return [];
      const integer = s.range?.integer ?? false;
      const n = NUMBER.test(value) ? Number(value) : NaN;
      const ok = Number.isFinite(n) && (!integer || Number.isInteger(n));
      if (ok && n >= range.min && n <= range.max) return [];
      const message = integer
        ? t('--{0} must be a whole number from {1} to {2}.', s.name, range.min, range.max)
        : t('--{0} must be a number from {1} to {2}.', s.name, range.min, range.max);
      const issue: PromptIssue = { severity: 'error', message, ...vAt };
      if (ok) {
        const clamped = String(Math.min(range.max, Math.max(range.min, n)));
        issue.fix = {
          title: t('Change to {0}', clamped),
          start: vAt.start,
          end: vAt.end,
          replacement: clamped,
        };
      }
      return [issue];
    }
    case 'enum': {
      if (s.name === 'v' || s.name === 'niji') {
        const m = ref(s.name === 'niji' ? 'niji' : 'v', value);
        if (m.known) return [];
        if (!NUMBER.test(value))
          return [{ severity: 'error', message: t('--{0} takes a version number, e.g. 7.', s.name), ...vAt }];
        return [
          {
            severity: 'info',
            message: t(
              '{0} is a version Midjourney Studio does not know yet; it is sent as typed and checked as the newest.',
              modelName(m),
            ),
            ...vAt,
          },
        ];
      }
      const values = valuesFor(s, model);
      const normal = (x: string): string => (NUMBER.test(x) ? String(Number(x)) : x.toLowerCase());
      if (values.some((x) => normal(x) === normal(value))) return [];
      const all = s.values ?? [];
      const possible = all.some((x) => normal(x) === normal(value));
      return [
        {
          // A value of another version (--q 4 on V6) may be refused; one no version takes is impossible.
          severity: possible || s.name === 'style' ? 'warning' : 'error',
          message: t('--{0} takes {1} on {2}.', s.name, values.join(', '), modelName(model)),
          ...vAt,
        },
      ];
    }
    case 'url': {
      const tokens = value.split(/\s+/);
      if (tokens.every((x) => /^https?:\/\/\S+$/i.test(x.replace(/::-?\d+(\.\d+)?$/, '')))) return [];
      return [{ severity: 'error', message: t('--{0} takes an image URL (https://…).', s.name), ...vAt }];
    }
    default:
      return [];
  }
}

function versionIssue(s: ParamSpec, p: PromptParam, model: ModelRef, parsed: ParsedPrompt): PromptIssue[] {
  const at = { start: p.start, end: p.end, param: p.name };
  if ((s.name === 'cref' || s.name === 'cw') && generation(model) >= 7) {
    const target = s.name === 'cref' ? 'oref' : 'ow';
    const hasTarget = parsed.params.some((q) => q.name === target);
    const nameStart = p.start + 2;
    const nameEnd = nameStart + p.name.length;
    const issue: PromptIssue = {
      severity: 'warning',
      message: t(
        '--{0} is a V6 parameter: {1} uses --{2} instead and may refuse it.',
        s.name,
        modelName(model),
        target,
      ),
      ...at,
    };
    if (!hasTarget) {
      issue.fix = {
        title: t('Change --{0} to --{1}', s.name, target),
        start: nameStart,
        end: nameEnd,
        replacement: target,
      };
    }
    return [issue];
  }
  return [
    {
      severity: 'warning',
      message: t('--{0} does not work on {1}: the server may refuse or ignore it.', s.name, modelName(model)),
      ...at,
    },
  ];
}

/**
 * How many jobs one submit of this prompt starts (each is billed): its permutations (capped at 40) times
 * `--r`, times `--bs` for a video.
 */
export function jobCount(text: string): number {
  const { variants } = expandPermutations(text);
  let total = 0;
  for (const variant of variants) {
    const parsed = parsePrompt(variant);
    const num = (name: string, fallback: number): number => {
      const p = parsed.params.find((q) => findParam(q.name)?.name === name);
      const n = p?.value && /^\d+$/.test(p.value) ? Number(p.value) : NaN;
      return Number.isFinite(n) && n >= 1 ? n : fallback;
    };
    total += Math.min(40, num('r', 1)) * Math.min(4, num('bs', 1));
  }
  return Math.max(1, total);
}

/** What else multiplies the price of this prompt, in words (HD on V8.1, Turbo), for the confirmation. */
export function priceNotes(text: string): string[] {
  const parsed = parsePrompt(text);
  const names = new Set(parsed.params.map((p) => findParam(p.name)?.name));
  const notes: string[] = [];
  if (names.has('hd')) notes.push(t('--hd renders at 2K, at a multiple of the price.'));
  if (names.has('turbo')) notes.push(t('--turbo costs twice the Fast price.'));
  return notes;
}
