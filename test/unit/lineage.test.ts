import * as assert from 'node:assert/strict';
import { isForPanel, LINEAGE_MAX, parseWebviewMessage } from '../../src/shared/protocol';
import { toViewTask } from '../../src/webview/hostMessage';
import { buildView } from '../../src/webview/viewModel';
import { initialModel } from '../../src/webview/panelModel';

describe('Lineage in the panel', () => {
  it('openTask carries the panel’s task and a well-formed ancestor id, nothing else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'openTask', taskId: 'child', ancestorId: 'grid', x: 1 }), {
      type: 'openTask',
      taskId: 'child',
      ancestorId: 'grid',
    });
    for (const bad of [
      { type: 'openTask', taskId: 'child' },
      { type: 'openTask', taskId: 'child', ancestorId: '../../etc' },
      { type: 'openTask', taskId: 'child', ancestorId: 42 },
      { type: 'openTask', taskId: '', ancestorId: 'grid' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    const msg = parseWebviewMessage({ type: 'openTask', taskId: 'child', ancestorId: 'grid' })!;
    assert.equal(isForPanel(msg, 'child'), true);
    assert.equal(isForPanel(msg, 'other'), false, 'another panel’s webview cannot use it');
  });

  it('the webview keeps well-formed links only, at most LINEAGE_MAX, and the header shows them in order', () => {
    const links = [
      { id: 'g', label: 'a red fox' },
      { id: 'u', label: 'U2' },
      { id: '', label: 'no id' },
      'junk',
      { id: 'z', label: 42 },
    ];
    const t = toViewTask({ id: 'v', status: 'SUCCESS', lineage: links, parentId: 'z', parentLabel: 'x' })!;
    assert.deepEqual(t.lineage, [
      { id: 'g', label: 'a red fox' },
      { id: 'u', label: 'U2' },
      { id: 'z', label: 'z' },
    ]);
    const long = toViewTask({
      id: 'v',
      lineage: Array.from({ length: LINEAGE_MAX + 5 }, (_, i) => ({ id: `a${i}`, label: `${i}` })),
    })!;
    assert.equal(long.lineage?.length, LINEAGE_MAX);
    const view = buildView({ ...initialModel(), task: t }, 0);
    assert.deepEqual(
      view.header?.lineage?.map((l) => l.id),
      ['g', 'u', 'z'],
    );
  });
});
