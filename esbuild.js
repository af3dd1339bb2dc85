// Builds the bundles the extension ships, and the simulator for `npm run sim`:
//   dist/extension.js  the extension host code loaded at activation (Node, CommonJS, `vscode` external)
//   dist/<chunk>.js    the parts loaded on first use (see `chunks` below)
//   dist/mcp.js        the MCP server, a standalone Node program (`node dist/mcp.js`, see src/mcp/server.ts)
//   dist/webview.js    the result panel's browser script (IIFE, no Node APIs)
//   dist/galleryWebview.js  the gallery's browser script; dist/thumbnailWorker.js its thumbnail worker thread;
//                      dist/codicons/ VS Code's icon font for it
//   out-sim/cli.js     the local Midjourney-proxy simulator (Node; not shipped in the .vsix)
// Flags: --production minifies and drops source maps; --watch rebuilds on change; --sim-only builds the simulator;
// --eager=<file> builds only the extension, as one bundle with every chunk inlined (the shape before lazy
// loading), into <file>: npm run bench compares the first command's time against it.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const simOnly = process.argv.includes('--sim-only');
const eagerOut = process.argv.find((a) => a.startsWith('--eager='))?.slice('--eager='.length);

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

/**
 * Bundles loaded on first use. A source file named `*.chunk.ts` is the entry of its own bundle
 * (dist/<name>.js); wherever the code requires it (`require('./undici.chunk')`, never a static import), the
 * activation bundle keeps a require of that file instead of its code. `owns` lists the inputs that must live
 * only in that bundle (and in those it lists in `sharedWith`): test/unit/bundles.test.ts fails when another
 * bundle contains one of them.
 */
const chunks = [
  {
    name: 'undici',
    entry: 'src/core/net/undici.chunk.ts',
    owns: ['node_modules/undici/'],
  },
  {
    name: 'start',
    entry: 'src/host/start.chunk.ts',
    owns: ['src/host/studio.ts', 'src/core/tasks/', 'src/core/api/', 'src/host/tree/', 'src/host/panel/'],
    // The lazy features work on the same store and client (their own copies of the pure code, one Studio).
    sharedWith: ['commands', 'promptLanguage', 'gallery', 'agentTools'],
  },
  {
    name: 'commands',
    entry: 'src/host/commands/commands.chunk.ts',
    owns: [
      'src/host/commands/register.ts',
      'src/host/commands/composer.ts',
      'src/host/commands/historyFile.ts',
    ],
  },
  {
    name: 'promptLanguage',
    entry: 'src/host/promptLanguage/promptLanguage.chunk.ts',
    owns: ['src/host/promptLanguage/', 'src/core/prompts/promptFile.ts', 'src/core/tasks/promptLens.ts'],
  },
  {
    name: 'gallery',
    entry: 'src/host/gallery/gallery.chunk.ts',
    owns: ['src/host/gallery/gallery.chunk.ts', 'src/core/media/thumbnailQueue.ts'],
  },
  {
    name: 'agentTools',
    entry: 'src/host/agents/agentTools.chunk.ts',
    owns: ['src/host/agents/agentTools.ts', 'src/core/agents/agentCore.ts'],
  },
];

/** `require('./x.chunk')` in the extension's code → `require('./x.js')`, next to dist/extension.js at run time. */
const chunkRequires = {
  name: 'chunk-requires',
  setup(build) {
    build.onResolve({ filter: /\.chunk$/ }, (args) => {
      const name = args.path
        .split('/')
        .pop()
        .replace(/\.chunk$/, '');
      if (!chunks.some((c) => c.name === name)) {
        return { errors: [{ text: `${args.path}: no bundle named '${name}' in esbuild.js's chunks` }] };
      }
      return { path: `./${name}.js`, external: true };
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const targets = eagerOut
  ? [
      {
        ...common,
        entryPoints: ['src/extension.ts'],
        outfile: eagerOut,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
        plugins: [problemMatcher, dropSimdParser],
      },
    ]
  : simOnly
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
          plugins: [problemMatcher, chunkRequires],
        },
        ...chunks.map((c) => ({
          ...common,
          entryPoints: [c.entry],
          outfile: `dist/${c.name}.js`,
          platform: 'node',
          format: 'cjs',
          target: 'node20',
          external: ['vscode'],
          plugins: [problemMatcher, chunkRequires, dropSimdParser],
        })),
        {
          // The MCP server (node dist/mcp.js): a standalone Node program over the same core.
          ...common,
          entryPoints: ['src/mcp/server.ts'],
          outfile: 'dist/mcp.js',
          platform: 'node',
          format: 'cjs',
          target: 'node20',
          plugins: [problemMatcher, chunkRequires, dropSimdParser],
        },
        {
          ...common,
          entryPoints: ['src/webview/main.ts'],
          outfile: 'dist/webview.js',
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
        },
        // The gallery's browser script, and the worker thread that makes its thumbnails (pngjs, jpeg-js).
        {
          ...common,
          entryPoints: ['src/webview/gallery/main.ts'],
          // dist/gallery.js is the gallery's host bundle (src/host/gallery/gallery.chunk.ts).
          outfile: 'dist/galleryWebview.js',
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          plugins: [problemMatcher],
        },
        {
          ...common,
          entryPoints: ['src/core/media/thumbnailWorker.ts'],
          outfile: 'dist/thumbnailWorker.js',
          platform: 'node',
          format: 'cjs',
          target: 'node20',
        },
      ];

/** For test/unit/bundles.test.ts: the same builds, with their metafiles, written nowhere. */
async function analyse() {
  const results = await Promise.all(
    targets.map((t) => esbuild.build({ ...t, write: false, metafile: true, logLevel: 'silent' })),
  );
  return targets.map((t, i) => ({ outfile: t.outfile, metafile: results[i].metafile }));
}

module.exports = { chunks, analyse };

/**
 * VS Code's icon font for the panel's buttons and the gallery: codicon.css and the codicon.ttf it names, copied as they are into
 * dist/codicons (the panel links the css through its webview URI; the CSP's font-src allows the font).
 */
function copyCodicons() {
  const fs = require('node:fs');
  const path = require('node:path');
  const from = path.join(path.dirname(require.resolve('@vscode/codicons/package.json')), 'dist');
  const to = path.join(__dirname, 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf'])
    fs.copyFileSync(path.join(from, file), path.join(to, file));
}

async function main() {
  if (!simOnly) copyCodicons();
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
