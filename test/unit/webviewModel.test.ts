import * as assert from 'node:assert/strict';
import { parseHostMessage, toViewTask } from '../../src/webview/hostMessage';
import type { PanelModel } from '../../src/webview/panelModel';
import { initialModel, reducePanel } from '../../src/webview/panelModel';
import { buildView } from '../../src/webview/viewModel';
import { NOW, task, withState } from './webviewFixtures';

describe('webview view: buttons', () => {
  it('groups buttons in panel order and keeps the host order inside a group', () => {
    const view = buildView(withState(task()), NOW);
    assert.deepEqual(
      view.buttons?.map((g) => [g.title, g.buttons.map((b) => b.text)]),
      [
        ['Upscale', ['U2', 'U1']],
        ['Variations', ['V1']],
        ['Reroll', ['🔄 Reroll']],
        ['Pan', ['⬅️ Pan Left']],
      ],
    );
  });

  it('shows no buttons while running or after a failure', () => {
    assert.equal(
      buildView(withState(task({ status: 'IN_PROGRESS', running: true })), NOW).buttons,
      undefined,
    );
    assert.equal(
      buildView(withState(task({ status: 'FAILURE', statusLabel: 'Failed' })), NOW).buttons,
      undefined,
    );
    assert.equal(buildView(withState(task({ running: true })), NOW).buttons, undefined);
  });

  it('marks a clicked button busy until the host says otherwise or sends a new state', () => {
    const id = 'MJ::JOB::upsample::1::h';
    const busyOf = (m: PanelModel) =>
      buildView(m, NOW)
        .buttons?.flatMap((g) => g.buttons)
        .filter((b) => b.busy)
        .map((b) => b.customId);
    let m = withState(task());
    m = reducePanel(m, { type: 'clicked', customId: id });
    assert.deepEqual(busyOf(m), [id]);
    assert.deepEqual(busyOf(reducePanel(m, { type: 'busy', customId: id, busy: false })), []);
    assert.deepEqual(busyOf(withState(task(), m)), []);
    m = reducePanel(m, { type: 'busy', customId: id, busy: true });
    assert.deepEqual(busyOf(m), [id], 'busy twice is still one entry');
  });
});

describe('webview view: progress, image and status', () => {
  it('shows the percentage while running, an indeterminate bar when unknown, nothing when done', () => {
    const running = buildView(withState(task({ status: 'IN_PROGRESS', running: true, progress: 46 })), NOW);
    assert.deepEqual(running.progress, { percent: 46, text: '46%' });
    const queued = buildView(
      withState(task({ status: 'NOT_START', running: true, progress: undefined })),
      NOW,
    );
    assert.deepEqual(queued.progress, { percent: undefined, text: 'Waiting in the queue…' });
    assert.equal(buildView(withState(task()), NOW).progress, undefined);
  });

  it('loads only safe image sources', () => {
    assert.equal(buildView(withState(task()), NOW).image?.src, 'https://cdn.example/grid.png');
    const evil = buildView(
      withState(task({ imageSrc: 'javascript:alert(1)', status: 'IN_PROGRESS', running: true })),
      NOW,
    );
    assert.equal(evil.image?.src, undefined);
    assert.equal(evil.image?.emptyText, 'No image yet');
  });

  it('remembers a failed image until the source changes', () => {
    let m = withState(task());
    m = reducePanel(m, { type: 'imageFailed', src: 'https://cdn.example/grid.png' });
    assert.equal(buildView(m, NOW).image?.failed, true);
    assert.equal(buildView(withState(task(), m), NOW).image?.failed, true, 'same src: still failed');
    const moved = withState(task({ imageSrc: 'https://cdn.example/other.png' }), m);
    assert.equal(buildView(moved, NOW).image?.failed, false);
  });

  it('shows failReason and no empty image frame for a failure', () => {
    const view = buildView(
      withState(
        task({ status: 'FAILURE', statusLabel: 'Failed', failReason: 'Banned prompt', imageSrc: undefined }),
      ),
      NOW,
    );
    assert.deepEqual(view.failure, { title: 'The task failed', reason: 'Banned prompt' });
    assert.equal(view.image, undefined);
    assert.equal(view.header?.canRefresh, false);
  });

  it('notes MODAL and unknown statuses', () => {
    assert.deepEqual(buildView(withState(task({ status: 'MODAL' })), NOW).notice, {
      modal: true,
      unknownStatus: undefined,
    });
    const unknown = buildView(withState(task({ status: 'PAUSED', statusLabel: 'PAUSED' })), NOW);
    assert.deepEqual(unknown.notice, { modal: false, unknownStatus: 'PAUSED' });
    assert.equal(unknown.header?.canRefresh, true);
  });

  it('shows the final prompt only when it differs, and hides a description that repeats the prompt', () => {
    const same = buildView(withState(task({ finalPrompt: ' a lighthouse at dusk --v 6.1 ' })), NOW);
    assert.equal(same.prompt?.finalPrompt, undefined);
    assert.equal(same.header?.description, '');
    const diff = buildView(
      withState(task({ finalPrompt: 'a lighthouse --seed 1', description: 'Submit success' })),
      NOW,
    );
    assert.equal(diff.prompt?.finalPrompt, 'a lighthouse --seed 1');
    assert.equal(diff.header?.description, 'Submit success');
  });

  it('lists times and the duration', () => {
    const times = buildView(withState(task()), NOW).times;
    assert.deepEqual(
      times?.rows.map((r) => [r.label, r.relative]),
      [
        ['Submitted', '7 min ago'],
        ['Started', '6 min ago'],
        ['Finished', '5 min ago'],
      ],
    );
    assert.equal(times?.duration, '1 min');
  });

  it('marks a task an agent made, through the host message check', () => {
    const raw = { ...task(), by: 'agent' };
    assert.equal(toViewTask(raw)?.by, 'agent');
    assert.equal(toViewTask({ ...task(), by: '<b>x</b>' })?.by, undefined);
    assert.equal(buildView(withState(task({ by: 'agent' })), NOW).header?.byAgent, true);
    assert.equal(buildView(withState(task()), NOW).header?.byAgent, undefined);
  });

  it('says which task it is loading before the first state, and the parent link after', () => {
    assert.equal(buildView(initialModel('123'), NOW).loadingText, 'Loading task 123…');
    const child = buildView(withState(task({ parentId: '99', parentLabel: undefined })), NOW);
    assert.equal(child.header?.parentLabel, '99');
  });

  it('keeps an error line across states of the same task, drops it for another task, and on dismiss', () => {
    let m = reducePanel(withState(task()), { type: 'error', message: 'quota_not_enough' });
    m = withState(task(), m);
    assert.equal(buildView(m, NOW).error, 'quota_not_enough');
    assert.equal(buildView(reducePanel(m, { type: 'dismissError' }), NOW).error, undefined);
    assert.equal(buildView(withState(task({ id: 'other' }), m), NOW).error, undefined);
  });
});

describe('webview view: header', () => {
  it('leads with our words and folds the server text (customId, 提交成功) into the details', () => {
    const raw = toViewTask({
      ...task({ action: 'UPSCALE', description: '提交成功' }),
      headline: 'Upscale of image 1 from “a lighthouse”',
      customId: 'MJ::JOB::upsample::1::abc',
    });
    assert.ok(raw);
    const header = buildView(withState(raw), NOW).header;
    assert.equal(header?.headline, 'Upscale of image 1 from “a lighthouse”');
    assert.deepEqual(header?.details, [
      { label: 'Action', value: 'UPSCALE' },
      { label: 'Description', value: '提交成功' },
      { label: 'Button', value: 'MJ::JOB::upsample::1::abc' },
    ]);
    // An older host that sends no headline: the action, as before.
    assert.equal(buildView(withState(task({ action: 'IMAGINE' })), NOW).header?.headline, 'IMAGINE');
  });
});

describe('webview parseHostMessage', () => {
  it('accepts the three host messages', () => {
    assert.equal(parseHostMessage({ type: 'state', task: task() })?.type, 'state');
    assert.deepEqual(parseHostMessage({ type: 'busy', customId: 'x', busy: false }), {
      type: 'busy',
      customId: 'x',
      busy: false,
    });
    assert.deepEqual(parseHostMessage({ type: 'error', message: 'boom' }), {
      type: 'error',
      message: 'boom',
    });
  });

  it('drops malformed messages instead of crashing', () => {
    for (const raw of [
      null,
      'state',
      [],
      { type: 'state' },
      { type: 'state', task: { status: 'SUCCESS' } },
      { type: 'busy', customId: 1, busy: true },
      { type: 'error', message: '' },
      { type: 'eval', code: 'x' },
    ]) {
      assert.equal(parseHostMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('normalises a half-written task', () => {
    const t = toViewTask({
      id: '1',
      status: 'SUCCESS',
      progress: '42%',
      buttons: [{ customId: 'a', group: 'nonsense' }, { label: 'no id' }, null],
    });
    assert.ok(t);
    assert.equal(t.progress, undefined);
    assert.equal(t.prompt, '');
    assert.equal(t.statusLabel, 'SUCCESS');
    assert.deepEqual(t.buttons, [{ customId: 'a', label: '', emoji: '', group: 'other', viaChange: false }]);
  });

  it('keeps a listed codicon and drops any other name (it becomes a class)', () => {
    const t = toViewTask({
      id: '1',
      buttons: [
        { customId: 'a', label: 'Vary (Subtle)', emoji: '🪄', icon: 'wand', group: 'vary' },
        { customId: 'b', label: 'Bookmark', emoji: '❤️', icon: 'x onerror', group: 'other' },
      ],
    });
    assert.deepEqual(
      t?.buttons.map((b) => [b.icon, b.emoji]),
      [
        ['wand', ''],
        [undefined, '❤️'],
      ],
    );
    const view = buildView(withState({ ...task(), buttons: t?.buttons ?? [] }), NOW);
    assert.deepEqual(
      view.buttons?.flatMap((g) => g.buttons.map((b) => [b.text, b.icon])),
      [
        ['Vary (Subtle)', 'wand'],
        ['❤️ Bookmark', undefined],
      ],
    );
  });
});
