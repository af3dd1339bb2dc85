/**
 * Words in the user's language for the two layers that cannot call `vscode`: the core and the webview.
 *
 * The host hands over the bundle VS Code loaded for the UI language (`vscode.l10n.bundle`, the contents of
 * l10n/bundle.l10n.<locale>.json): at activation for the core, in the panel's HTML for the webview. `t` looks
 * the English text up in it and fills `{0}`-style holes the way `vscode.l10n.t` does, so one bundle serves
 * all three layers and English (no bundle) is the text itself.
 *
 * Call `t` when the sentence is made, never at module load: the bundle is set after the modules are loaded.
 * Pass the English text as a literal: test/unit/nls.test.ts reads every `t('…')` to check the bundle has it.
 */

export type L10nBundle = Readonly<Record<string, string>>;

/**
 * Held on globalThis, so the bundles the extension loads on first use (esbuild.js, `chunks`), each with its own
 * copy of this file, read the words set once at activation.
 */
const slot = Symbol.for('midjourney-studio.l10n');
const holder = globalThis as unknown as { [slot]?: L10nBundle };

/** Keep only string entries (VS Code may give `{ message, comment }` objects in source bundles). */
export function toL10nBundle(value: unknown): L10nBundle {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
    if (typeof text === 'string') out[key] = text;
    else if (
      typeof text === 'object' &&
      text !== null &&
      typeof (text as { message?: unknown }).message === 'string'
    ) {
      out[key] = (text as { message: string }).message;
    }
  }
  return out;
}

/** Use this bundle from now on; `undefined` means English. */
export function setL10nBundle(value: unknown): void {
  holder[slot] = toL10nBundle(value);
}

/** The bundle in use, for the host to hand to a webview. */
export function l10nBundle(): L10nBundle {
  return holder[slot] ?? {};
}

/** The text in the UI language, with `{0}`, `{1}`… replaced by the arguments. */
export function t(message: string, ...args: ReadonlyArray<string | number | boolean>): string {
  const bundle = l10nBundle();
  const text = Object.prototype.hasOwnProperty.call(bundle, message) ? bundle[message]! : message;
  if (args.length === 0) return text;
  return text.replace(/\{(\d+)\}/g, (hole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? hole : String(value);
  });
}
