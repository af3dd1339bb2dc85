// Lint: TypeScript rules everywhere, and the layer rule that keeps `vscode` out of the pure core,
// the shared protocol and the webview script (they must run in plain Node or in a browser).
import tseslint from 'typescript-eslint';

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
);
