/**
 * Completion and hover for the prompt language, over one prompt's text and an offset in it. Pure: the host
 * turns the answers into CompletionItems and Hovers. Names and docs come from the one parameter table
 * (paramTable.ts), for the model version the prompt itself names.
 */
import { findParam, modelOf, paramsFor, parsePrompt, type ModelRef, type ParamSpec } from './paramTable';

export interface Suggestion {
  /** What is inserted (`--oref`, `16:9`). */
  label: string;
  /** The one-line doc. */
  doc: string;
  kind: 'param' | 'value';
}

export interface Suggestions {
  /** Offset where the replaced text starts (the `--` of a name, the first character of a value). */
  start: number;
  items: Suggestion[];
}

/**
 * Where a style or omni reference value is being typed: after `--sref ` (which takes several values) or
 * `--oref ` (one), the offset of the word under the cursor. The host offers the style-reference library there.
 */
export function referenceSlot(
  text: string,
  offset: number,
): { param: 'sref' | 'oref'; start: number } | undefined {
  const before = text.slice(0, offset);
  const m = /(?:^|\s)--(sref|oref)\s+((?:(?!--)\S+\s+)*)(\S*)$/.exec(before);
  if (!m) return undefined;
  const param = m[1] as 'sref' | 'oref';
  if (param === 'oref' && m[2].trim()) return undefined; // --oref takes one image
  if (m[3].startsWith('-')) return undefined;
  return { param, start: offset - m[3].length };
}

/** The model a prompt runs on (its `--v` / `--niji`, else the default). */
export function promptModel(text: string): ModelRef {
  return modelOf(parsePrompt(text));
}

/** "V7", "niji 6", "V8.1". */
export function modelLabel(m: ModelRef): string {
  return m.family === 'niji' ? `niji ${m.version}` : `V${m.version}`;
}

/**
 * What to offer at `offset`: after `-`/`--` (and letters) the parameter names valid on the prompt's version;
 * after `--name ` the values that parameter takes there. Nothing elsewhere.
 */
export function suggestAt(text: string, offset: number): Suggestions | undefined {
  const before = text.slice(0, offset);
  const name = /(?:^|\s)(--?[A-Za-z]*)$/.exec(before);
  if (name) {
    const start = offset - name[1].length;
    // The version is read from the rest of the prompt, without the half-typed name.
    const model = promptModel(text.slice(0, start) + text.slice(offset));
    return {
      start,
      items: paramsFor(model).map((p) => ({ label: `--${p.name}`, doc: p.doc, kind: 'param' })),
    };
  }
  const value = /(?:^|\s)--([A-Za-z][\w-]*)\s+([^\s-][^\s]*|)$/.exec(before);
  if (value) {
    const spec = findParam(value[1].toLowerCase());
    if (!spec) return undefined;
    const model = promptModel(text);
    const values = valuesOn(spec, model);
    if (!values?.length) return undefined;
    return {
      start: offset - value[2].length,
      items: values.map((v) => ({ label: v, doc: `--${spec.name} ${v}: ${spec.doc}`, kind: 'value' })),
    };
  }
  return undefined;
}

export function valuesOn(spec: ParamSpec, model: ModelRef): string[] | undefined {
  return spec.valuesFor?.(model) ?? spec.values;
}

export function rangeOn(spec: ParamSpec, model: ModelRef): { min: number; max: number } | undefined {
  return spec.rangeFor?.(model) ?? spec.range;
}

export interface HoverInfo {
  start: number;
  end: number;
  spec: ParamSpec;
  model: ModelRef;
  /** Whether the parameter works on this model at all. */
  applies: boolean;
  range?: { min: number; max: number };
  values?: string[];
}

/** The parameter under `offset`, with what it does and what it accepts on the prompt's version. */
export function hoverAt(text: string, offset: number): HoverInfo | undefined {
  const parsed = parsePrompt(text);
  const param = parsed.params.find((p) => offset >= p.start && offset <= p.end);
  if (!param) return undefined;
  const spec = findParam(param.name);
  if (!spec) return undefined;
  const model = modelOf(parsed);
  const info: HoverInfo = { start: param.start, end: param.end, spec, model, applies: spec.appliesTo(model) };
  const range = rangeOn(spec, model);
  if (range) info.range = range;
  const values = valuesOn(spec, model);
  if (values?.length) info.values = values;
  return info;
}
