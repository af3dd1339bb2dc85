/**
 * activate() hands the studio (and with it SecretStorage, the key) only to the extension's own tests: in any
 * other mode another extension calling `getExtension(...).activate()` gets nothing.
 */
import * as assert from 'node:assert/strict';
import Module from 'node:module';

const ExtensionMode = { Production: 1, Development: 2, Test: 3 } as const;

/** The few `vscode` members activate() touches before its lazy start. */
const fakeVscode = {
  ExtensionMode,
  l10n: { bundle: undefined, t: (s: string) => s },
  commands: { registerCommand: () => ({ dispose() {} }) },
  window: { showErrorMessage: () => Promise.resolve(undefined) },
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

function loadExtension(): { activate(ctx: unknown): unknown } {
  const mod = Module as unknown as { _load: Load };
  const original = mod._load;
  mod._load = (request, parent, isMain) =>
    request === 'vscode' ? fakeVscode : original(request, parent, isMain);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../src/extension') as { activate(ctx: unknown): unknown };
  } finally {
    mod._load = original;
  }
}

function context(mode: number): unknown {
  return {
    extensionMode: mode,
    subscriptions: [] as unknown[],
    extension: { packageJSON: { contributes: { commands: [{ command: 'midjourney.imagine' }] } } },
  };
}

describe('activate(): no handle on the key store for other extensions', () => {
  it('returns the studio only in ExtensionMode.Test', () => {
    const ext = loadExtension();
    const seen: string[] = [];
    for (const [name, mode] of Object.entries(ExtensionMode)) {
      const out = ext.activate(context(mode));
      if (out instanceof Promise) out.catch(() => undefined); // the real start needs a real VS Code
      seen.push(`${name}:${out instanceof Promise ? 'studio' : String(out)}`);
    }
    assert.deepEqual(seen, ['Production:undefined', 'Development:undefined', 'Test:studio']);
  });
});
