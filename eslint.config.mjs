// Lint: TypeScript rules everywhere, and the layer rule that keeps `vscode` out of the pure core,
// the shared protocol and the webview script (they must run in plain Node or in a browser).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

/**
 * Which folder of src/core may import which (besides itself and src/shared). A folder imports only folders
 * below it, so the core has no loops between its parts; a new folder needs a row here (the rule says so).
 * The same table is in docs/ARCHITECTURE.md.
 */
export const CORE_FOLDERS = {
  model: [], // types, errors, events, words: the vocabulary of everything else
  net: ['model'], // HTTP transport, origins, proxy, retry, undici loading
  prompts: ['model'], // parameters, validation, describe's prompts
  media: ['model', 'net'], // images, downloads, masks, video, library naming
  api: ['model', 'net', 'media'], // the client, its DTOs and errors, probe, billing, buttons
  tasks: ['model', 'net', 'prompts', 'media', 'api'], // store, archive, poller, lease, service, filter, stall
  history: ['model', 'net', 'prompts', 'media', 'api', 'tasks'], // the export/import file
  agents: ['model', 'net', 'prompts', 'media', 'api', 'tasks', 'history'], // the agent tools' logic (both hosts)
};

const coreRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src', 'core');

/** The core folder a path lies in ('' for a file directly in src/core), or undefined outside src/core. */
function coreFolderOf(file) {
  const rel = path.relative(coreRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : '';
}

/** Reports an import from one core folder into another that CORE_FOLDERS does not allow. */
const coreFoldersRule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Which folder of src/core may import which (the table CORE_FOLDERS in eslint.config.mjs).',
    },
    messages: {
      forbidden:
        'core/{{from}} may not import core/{{to}}: it may import {{allowed}} (the table CORE_FOLDERS in eslint.config.mjs).',
      unknown: 'core/{{from}} has no row in CORE_FOLDERS (eslint.config.mjs): say what it may import.',
      loose: 'A file directly in src/core belongs in one of its folders ({{folders}}).',
    },
    schema: [],
  },
  create(context) {
    const from = coreFolderOf(context.filename);
    if (from === undefined) return {};
    const allowed = CORE_FOLDERS[from];
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = coreFolderOf(path.resolve(path.dirname(context.filename), spec));
      if (to === undefined || to === from) return;
      if (from === '')
        return context.report({
          node,
          messageId: 'loose',
          data: { folders: Object.keys(CORE_FOLDERS).join(', ') },
        });
      if (!allowed) return context.report({ node, messageId: 'unknown', data: { from } });
      if (!allowed.includes(to))
        context.report({
          node,
          messageId: 'forbidden',
          data: {
            from,
            to: to || '(a file directly in src/core)',
            allowed: allowed.length ? allowed.join(', ') : 'no other core folder',
          },
        });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      TSImportType: (node) => {
        const arg = node.argument?.type === 'TSLiteralType' ? node.argument.literal : undefined;
        if (arg) check(arg, arg.value);
      },
      CallExpression: (node) => {
        const [first] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && first?.type === 'Literal')
          check(first, first.value);
      },
    };
  },
};

const noVscode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'vscode', message: 'The pure core, shared protocol and webview must not import vscode.' },
      ],
      patterns: [
        { group: ['**/host/**', '../host/*'], message: 'Only the host layer may depend on host code.' },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
      message: 'The pure core, shared protocol and webview must not require vscode.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'out-sim/**', 'dist/**', '.vscode-test/**', '**/*.js', '**/*.mjs'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  { files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'], rules: noVscode },
  {
    files: ['src/core/**/*.ts'],
    plugins: { layers: { rules: { 'core-folders': coreFoldersRule } } },
    rules: { 'layers/core-folders': 'error' },
  },
);
