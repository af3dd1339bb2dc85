import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Compiled to out/test/unit, so the repository root is three levels up.
const ROOT = path.join(__dirname, '..', '..', '..');

function readJson(rel: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
}

/** Every `%key%` placeholder anywhere in the manifest (VS Code replaces any string value of that shape). */
function placeholders(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([^%]+)%$/.exec(value);
    if (m) out.add(m[1]!);
  } else if (Array.isArray(value)) {
    value.forEach((v) => placeholders(v, out));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach((v) => placeholders(v, out));
  }
  return out;
}

/** The `{0}`-style and Markdown `(command:…)` parts a translation must keep unchanged. */
function invariants(text: string): string[] {
  const holes = text.match(/\{\d+\}/g) ?? [];
  const links = text.match(/\]\([^)]*\)/g) ?? [];
  const code = text.match(/`[^`]*`/g) ?? [];
  return [...holes, ...links.map((l) => l.slice(1)), ...code].sort();
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
}

const STRING_LITERAL = String.raw`('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|\`(?:\\.|[^\`\\$])*\`)`;

/**
 * The English texts passed as literals to `vscode.l10n.t` (host) and to `t` from src/shared/l10n.ts (core,
 * shared, webview): the keys of the runtime bundle, with the file that uses each.
 */
function runtimeKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  const hostCall = new RegExp(String.raw`l10n\.t\(\s*` + STRING_LITERAL, 'g');
  const pureCall = new RegExp(String.raw`(?<![\w.$])t\(\s*` + STRING_LITERAL, 'g');
  const scan = (dir: string, call: RegExp, only?: (text: string) => boolean) => {
    for (const file of sourceFiles(path.join(ROOT, 'src', dir))) {
      const text = fs.readFileSync(file, 'utf8');
      if (only && !only(text)) continue;
      for (const m of text.matchAll(call)) {
        // The literal is plain JS string syntax with no interpolation; evaluating it unescapes it exactly.
        keys.set(new Function(`return ${m[1]!}`)() as string, path.relative(ROOT, file));
      }
    }
  };
  scan('host', hostCall);
  const importsT = (text: string) =>
    /import \{[^}]*\bt\b[^}]*\} from '[./]*shared\/l10n'|from '\.\/l10n'/.test(text);
  for (const dir of ['core', 'shared', 'webview']) scan(dir, pureCall, importsT);
  return keys;
}

describe('localization files', () => {
  const manifest = readJson('package.json') as { l10n?: string; contributes: unknown };
  const en = readJson('package.nls.json') as Record<string, string>;
  const zh = readJson('package.nls.zh-cn.json') as Record<string, string>;

  it('every %key% in package.json has an English and a Chinese text', () => {
    const keys = [...placeholders(manifest)];
    assert.ok(keys.length > 50, `only ${keys.length} placeholders`);
    assert.deepEqual(
      keys.filter((k) => typeof en[k] !== 'string'),
      [],
      'missing in package.nls.json',
    );
    assert.deepEqual(
      keys.filter((k) => typeof zh[k] !== 'string'),
      [],
      'missing in package.nls.zh-cn.json',
    );
  });

  it('package.nls.json and package.nls.zh-cn.json have the same keys, and no key is unused', () => {
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    const used = placeholders(manifest);
    assert.deepEqual(
      Object.keys(en).filter((k) => !used.has(k)),
      [],
    );
  });

  it('the Chinese manifest texts keep links, code spans and placeholders, and are translated', () => {
    for (const [k, text] of Object.entries(en)) {
      assert.deepEqual(invariants(zh[k]!), invariants(text), k);
    }
    const translated = Object.values(zh).filter((t) => /[\u4e00-\u9fff]/.test(t)).length;
    assert.ok(translated >= Object.keys(zh).length - 3, `only ${translated} texts contain Chinese`);
  });

  it('l10n/bundle.l10n.zh-cn.json translates every l10n.t and t text in src, keeping its {n} placeholders', () => {
    assert.equal(manifest.l10n, './l10n');
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
    const keys = runtimeKeys();
    assert.ok(keys.size > 30, `only ${keys.size} l10n.t texts found`);
    const missing = [...keys].filter(([k]) => typeof bundle[k] !== 'string').map(([k, f]) => `${f}: ${k}`);
    assert.deepEqual(missing, []);
    for (const [k, zhText] of Object.entries(bundle)) {
      const holes = (t: string) => (t.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(holes(zhText), holes(k), k);
    }
  });

  it('every text in l10n/bundle.l10n.zh-cn.json is still used somewhere in src', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
    const keys = runtimeKeys();
    assert.deepEqual(
      Object.keys(bundle).filter((k) => !keys.has(k)),
      [],
    );
  });

  it('command titles stay English in package.nls.json (UI tests match them)', () => {
    assert.equal(en['command.imagine.title'], 'Imagine…');
    assert.equal(zh['command.imagine.title'], '想象…');
  });
});
