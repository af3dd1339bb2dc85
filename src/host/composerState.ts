import type * as vscode from 'vscode';
import { cleanSet, type ParamSet } from '../core/prompts/params';

/** globalState keys of the composer (not secret: prompts and parameter values only). */
const LAST = 'midjourney.composer.last';
const RECENT = 'midjourney.composer.recent';
const TEMPLATES = 'midjourney.composer.templates';

/** How many composed prompts the history keeps. */
const RECENT_MAX = 30;

/** The subject and parameters of the last composed prompt, the starting point of the next one. */
export interface Composition {
  subject: string;
  set: ParamSet;
}

/**
 * The composer's memory in globalState. Values are re-validated on read (`cleanSet`): globalState is shared
 * by every window and version of the extension, so a stored value may have any shape.
 */
export class ComposerState {
  constructor(private readonly memento: vscode.Memento) {}

  /** The last composition, or an empty one. */
  last(): Composition {
    const raw = this.memento.get<unknown>(LAST);
    if (!raw || typeof raw !== 'object') return { subject: '', set: {} };
    const r = raw as Record<string, unknown>;
    const set = r.set && typeof r.set === 'object' ? cleanSet(r.set as Record<string, unknown>) : {};
    return { subject: typeof r.subject === 'string' ? r.subject : '', set };
  }

  /** Remembers a composition and puts its prompt at the top of the recent prompts. */
  async remember(c: Composition, prompt: string): Promise<void> {
    const recent = [prompt, ...this.recent().filter((p) => p !== prompt)].slice(0, RECENT_MAX);
    await this.memento.update(LAST, c);
    await this.memento.update(RECENT, recent);
  }

  /** Prompts composed here, newest first. */
  recent(): string[] {
    const raw = this.memento.get<unknown>(RECENT);
    return Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string') : [];
  }

  /** Saved templates: name → parameter set. */
  templates(): Record<string, ParamSet> {
    const raw = this.memento.get<unknown>(TEMPLATES);
    const out: Record<string, ParamSet> = {};
    if (!raw || typeof raw !== 'object') return out;
    for (const [name, set] of Object.entries(raw as Record<string, unknown>))
      if (set && typeof set === 'object') out[name] = cleanSet(set as Record<string, unknown>);
    return out;
  }

  /** Saves (or replaces) a template. */
  async saveTemplate(name: string, set: ParamSet): Promise<void> {
    await this.memento.update(TEMPLATES, { ...this.templates(), [name]: set });
  }
}
