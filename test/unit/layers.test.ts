// The folder rule of the core and the absence of import loops, checked on the real sources: a loop anywhere in
// src/ or sim/ fails here, and the lint rule is shown to report a forbidden import (so it is not silently off).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { importCycles, importGraph, specifiers } from '../../scripts/importGraph';
import { repoRoot } from '../vscode/tools';

describe('layers: import loops and the core folder rule', function () {
  this.timeout(60_000);

  it('src/ and sim/ have no import loop (type-only imports count too)', () => {
    const graph = importGraph(repoRoot, ['src', 'sim']);
    assert.ok(graph.size > 100, `only ${graph.size} files read: the graph is not the project's`);
    assert.ok(
      graph.get('src/core/tasks/taskService.ts')?.includes('src/core/tasks/taskTracking.ts'),
      'the graph misses a known import',
    );
    assert.deepEqual(
      importCycles(graph).map((c) => c.join(' → ')),
      [],
    );
  });

  it('reads every form of import, type-only ones too, and finds each loop once', () => {
    const code = [
      "import type { A } from './a';",
      "import { b } from './b';",
      "export { c } from './c';",
      "export * from './d';",
      "import e = require('./e');",
      "const f = require('./f');",
      "const g = import('./g');",
      "type H = import('./h').H;",
      "import 'node:fs';",
    ].join('\n');
    assert.deepEqual(specifiers('x.ts', code), [
      './a',
      './b',
      './c',
      './d',
      './e',
      './f',
      './g',
      './h',
      'node:fs',
    ]);
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'b.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', ['a.ts']],
    ]);
    assert.deepEqual(importCycles(graph), [
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['d.ts', 'd.ts'],
    ]);
  });

  const eslint = new ESLint({ cwd: repoRoot });
  /** The messages of the folder rule for `code` linted as if it were the file `rel`. */
  async function folderRule(rel: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, rel) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/core-folders').map((m) => m.message);
  }

  it('reports prompts importing tasks, in every form of import', async () => {
    const file = 'src/core/prompts/layerProbe.ts';
    for (const code of [
      "import { TaskStore } from '../tasks/store';\nexport const s = TaskStore;\n",
      "import type { TaskRecord } from '../tasks/store';\nexport type R = TaskRecord;\n",
      "export { TaskStore } from '../tasks/store';\n",
      "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const m = require('../tasks/store');\n",
      "export type R = import('../../core/tasks/store').TaskRecord;\n",
    ]) {
      const messages = await folderRule(file, code);
      assert.equal(messages.length, 1, `not reported once: ${code}`);
      assert.match(messages[0] ?? '', /core\/prompts may not import core\/tasks: it may import model/);
    }
  });

  it('reports media importing api, and lets tasks import api and prompts import model', async () => {
    assert.equal(
      (
        await folderRule(
          'src/core/media/layerProbe.ts',
          "import { MjClient } from '../api/client';\nexport const c = MjClient;\n",
        )
      ).length,
      1,
    );
    assert.deepEqual(
      await folderRule(
        'src/core/tasks/layerProbe.ts',
        "import { MjClient } from '../api/client';\nimport { t } from '../../shared/l10n';\nexport const c = [MjClient, t];\n",
      ),
      [],
    );
    assert.deepEqual(
      await folderRule(
        'src/core/prompts/layerProbe.ts',
        "import { MjError } from '../model/errors';\nexport const e = MjError;\n",
      ),
      [],
    );
  });

  it('asks for a row for a new core folder', async () => {
    const messages = await folderRule(
      'src/core/gallery/layerProbe.ts',
      "import { MjError } from '../model/errors';\nexport const e = MjError;\n",
    );
    assert.match(messages[0] ?? '', /core\/gallery has no row in CORE_FOLDERS/);
  });
});
