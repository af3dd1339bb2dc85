// Builds the two bundles the extension ships, and the simulator for `npm run sim`:
//   dist/extension.js  the extension host code (Node, CommonJS, `vscode` external)
//   dist/webview.js    the result panel's browser script (IIFE, no Node APIs)
//   out-sim/cli.js     the local Midjourney-proxy simulator (Node; not shipped in the .vsix)
// Flags: --production minifies and drops source maps; --watch rebuilds on change; --sim-only builds the simulator.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const simOnly = process.argv.includes('--sim-only');

/** Prints build errors in the `file:line:col: error` form the VS Code problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

/**
 * undici carries its HTTP parser twice (plain and SIMD WebAssembly, ~72 KB each) and falls back to the plain
 * one when the SIMD module cannot be built. Our traffic is a few small JSON requests, so we ship only the
 * plain parser: the SIMD file resolves to an empty module, whose compile fails and takes the fallback.
 */
const dropSimdParser = {
  name: 'drop-simd-parser',
  setup(build) {
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, () => ({
      path: 'llhttp-simd-stub',
      namespace: 'stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'module.exports = undefined;',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const targets = simOnly
  ? [
      {
        ...common,
        entryPoints: ['sim/cli.ts'],
        outfile: 'out-sim/cli.js',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
      },
    ]
  : [
      {
        ...common,
        entryPoints: ['src/extension.ts'],
        outfile: 'dist/extension.js',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
        plugins: [problemMatcher, dropSimdParser],
      },
      {
        ...common,
        entryPoints: ['src/webview/main.ts'],
        outfile: 'dist/webview.js',
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
      },
    ];

async function main() {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
