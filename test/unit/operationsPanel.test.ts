/** The panel side of describe/shorten/stall: the strict message validator, the host-message reader and the views. */
import * as assert from 'node:assert/strict';
import { parseWebviewMessage, RESULT_PROMPTS_MAX } from '../../src/shared/protocol';
import type { ViewTask } from '../../src/shared/protocol';
import { parseHostMessage } from '../../src/webview/hostMessage';
import { promptsView, stalledView } from '../../src/webview/operationsView';
import { initialModel, reducePanel } from '../../src/webview/panelModel';
import { buildView } from '../../src/webview/viewModel';

const task = (over: Partial<ViewTask> = {}): ViewTask => ({
  id: '42',
  action: 'DESCRIBE',
  status: 'SUCCESS',
  statusLabel: 'Done',
  running: false,
  prompt: '',
  description: '',
  isPreview: false,
  buttons: [],
  submitTime: 1000,
  finishTime: 2000,
  ...over,
});

describe('usePrompt and cancel messages', () => {
  it('accepts exactly the allowed shapes and drops extra fields (no prompt text ever)', () => {
    assert.deepEqual(
      parseWebviewMessage({ type: 'usePrompt', taskId: '42', index: 3, how: 'insert', text: 'evil' }),
      { type: 'usePrompt', taskId: '42', index: 3, how: 'insert' },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'cancel', taskId: '42' }), { type: 'cancel', taskId: '42' });
  });

  it('refuses bad indexes, unknown uses and bad ids', () => {
    const bad = [
      { type: 'usePrompt', taskId: '42', index: -1, how: 'copy' },
      { type: 'usePrompt', taskId: '42', index: 1.5, how: 'copy' },
      { type: 'usePrompt', taskId: '42', index: RESULT_PROMPTS_MAX, how: 'copy' },
      { type: 'usePrompt', taskId: '42', index: '1', how: 'copy' },
      { type: 'usePrompt', taskId: '42', index: 1, how: 'run' },
      { type: 'usePrompt', taskId: '42', index: 1 },
      { type: 'usePrompt', taskId: '../x', index: 1, how: 'copy' },
      { type: 'cancel', taskId: '' },
      { type: 'cancel' },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });
});

describe('result prompts, seed and stall in the panel', () => {
  it('reads the new fields from a host message, keeping only strings', () => {
    const msg = parseHostMessage({
      type: 'state',
      task: { ...task(), resultPrompts: ['a', 7, 'b'], seed: '123', stalled: true },
    });
    assert.ok(msg && msg.type === 'state');
    assert.deepEqual(msg.task.resultPrompts, ['a', 'b']);
    assert.equal(msg.task.seed, '123');
    assert.equal(msg.task.stalled, true);
  });

  it('shows describe prompts by index, titled by the action', () => {
    const view = promptsView(task({ resultPrompts: ['one', 'two'] }));
    assert.deepEqual(view, {
      taskId: '42',
      title: 'Suggested prompts',
      items: [
        { index: 0, text: 'one' },
        { index: 1, text: 'two' },
      ],
    });
    assert.equal(promptsView(task({ action: 'SHORTEN', resultPrompts: ['x'] }))?.title, 'Shorter prompts');
    assert.equal(promptsView(task()), undefined);
  });

  it('lists a describe result once: no raw text in the header or the prompt section', () => {
    const raw = '1. one\n2. two';
    const model = reducePanel(initialModel(), {
      type: 'state',
      task: task({ description: raw, finalPrompt: raw, resultPrompts: ['one', 'two'] }),
    });
    const view = buildView(model, 5000);
    assert.equal(view.header?.description, '');
    assert.equal(view.prompt, undefined);
    assert.equal(view.prompts?.items.length, 2);
    const shorten = buildView(
      reducePanel(initialModel(), {
        type: 'state',
        task: task({ action: 'SHORTEN', prompt: 'a long prompt', finalPrompt: raw, resultPrompts: ['one'] }),
      }),
      5000,
    );
    assert.deepEqual(shorten.prompt, { prompt: 'a long prompt', finalPrompt: undefined, canCopy: true });
  });

  it('shows the stalled notice only while the task runs', () => {
    assert.match(
      stalledView(task({ stalled: true, running: true, status: 'IN_PROGRESS', progress: 46 }))?.message ?? '',
      /^It has been at 46% for a long time\. .*Retry submits it again/,
    );
    assert.match(
      stalledView(task({ stalled: true, running: true, status: 'IN_PROGRESS' }))?.message ?? '',
      /^It has not moved for a long time\./,
    );
    assert.equal(stalledView(task({ stalled: true, running: false })), undefined);
    assert.equal(stalledView(task({ stalled: false, running: true })), undefined);
  });

  it('puts the seed in the times section once fetched', () => {
    const model = reducePanel(initialModel(), {
      type: 'state',
      task: task({ action: 'IMAGINE', seed: '987' }),
    });
    const view = buildView(model, 5000);
    assert.equal(view.times?.seed, '987');
    assert.equal(
      buildView(reducePanel(initialModel(), { type: 'state', task: task() }), 5000).times?.seed,
      undefined,
    );
  });
});
