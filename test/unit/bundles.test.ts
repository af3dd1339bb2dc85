import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot } from '../vscode/tools';

interface Chunk {
  name: string;
  entry: string;
  owns: string[];
  sharedWith?: string[];
}
interface Metafile {
  inputs: Record<string, unknown>;
}
interface Build {
  chunks: Chunk[];
  analyse(): Promise<Array<{ outfile: string; metafile: Metafile }>>;
}

/**
 * The inputs of bundle `name` that belong to another bundle loaded on first use (its entry, or what it `owns`
 * and does not share with `name`). `dist/extension.js` is named `extension`.
 */
function violations(name: string, bundle: Metafile, chunks: Chunk[]): string[] {
  return Object.keys(bundle.inputs).filter((input) =>
    chunks.some(
      (c) =>
        c.name !== name &&
        !(c.sharedWith ?? []).includes(name) &&
        (input === c.entry || c.owns.some((prefix) => input.startsWith(prefix))),
    ),
  );
}

describe('bundles: what activation loads', function () {
  this.timeout(120_000);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(path.join(repoRoot, 'esbuild.js')) as Build;

  it('the activation bundle holds no module of a bundle loaded on first use', async () => {
    const outputs = await build.analyse();
    const activation = outputs.find((o) => o.outfile === 'dist/extension.js');
    assert.ok(activation, 'esbuild.js builds no dist/extension.js');
    assert.deepEqual(violations('extension', activation.metafile, build.chunks), []);
    for (const c of build.chunks) {
      const own = outputs.find((o) => o.outfile === `dist/${c.name}.js`);
      assert.ok(own, `no dist/${c.name}.js is built`);
      // Nor does one lazy bundle carry what another owns (start.js must not load the composer, say).
      assert.deepEqual(violations(c.name, own.metafile, build.chunks), [], `dist/${c.name}.js`);
      // The check is only worth something if what a chunk owns really is in that chunk.
      for (const prefix of c.owns) {
        assert.ok(
          Object.keys(own.metafile.inputs).some((i) => i.startsWith(prefix)),
          `dist/${c.name}.js holds nothing under ${prefix}`,
        );
      }
    }
  });

  it('lets a bundle carry what another shares with it, and nothing else of it', () => {
    const chunks: Chunk[] = [
      {
        name: 'start',
        entry: 'src/host/start.chunk.ts',
        owns: ['src/core/tasks/'],
        sharedWith: ['commands'],
      },
      {
        name: 'commands',
        entry: 'src/host/commands/commands.chunk.ts',
        owns: ['src/host/commands/composer.ts'],
      },
    ];
    const commands: Metafile = {
      inputs: { 'src/core/tasks/store.ts': {}, 'src/host/commands/composer.ts': {} },
    };
    const start: Metafile = {
      inputs: { 'src/core/tasks/store.ts': {}, 'src/host/commands/composer.ts': {} },
    };
    assert.deepEqual(violations('commands', commands, chunks), []);
    assert.deepEqual(violations('start', start, chunks), ['src/host/commands/composer.ts']);
  });

  it('names a module that a static import pulled into the activation bundle', () => {
    const chunks: Chunk[] = [
      { name: 'undici', entry: 'src/core/net/undici.chunk.ts', owns: ['node_modules/undici/'] },
    ];
    const pulled: Metafile = {
      inputs: {
        'src/extension.ts': {},
        'node_modules/undici/lib/dispatcher/agent.js': {},
        'src/core/net/undici.chunk.ts': {},
      },
    };
    assert.deepEqual(violations('extension', pulled, chunks), [
      'node_modules/undici/lib/dispatcher/agent.js',
      'src/core/net/undici.chunk.ts',
    ]);
  });
});
