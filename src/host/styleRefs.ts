import type * as vscode from 'vscode';
import { addRef, cleanRefs, type StyleRef } from '../core/prompts/styleRefs';

/** globalState key of the style-reference library (URLs and labels only, nothing secret). */
const KEY = 'midjourney.styleRefs';

/** The style-reference library in globalState, shared by every window. */
export class StyleRefs {
  constructor(private readonly memento: vscode.Memento) {}

  list(): StyleRef[] {
    return cleanRefs(this.memento.get<unknown>(KEY));
  }

  async add(ref: StyleRef): Promise<void> {
    await this.memento.update(KEY, addRef(this.list(), ref));
  }

  async remove(url: string): Promise<void> {
    await this.memento.update(
      KEY,
      this.list().filter((r) => r.url !== url),
    );
  }
}
