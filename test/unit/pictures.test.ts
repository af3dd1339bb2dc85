// The version-aware panel (issue 11 part 2): a V8 task has no Upscale/Zoom/Pan, so no U1-U4 is invented for
// it and Vary and Edit are its next steps; a grid's separate pictures (trueai `imageUrls`) are shown one by
// one, each with the grid's own customIds for its number.
import * as assert from 'node:assert/strict';
import { changeButtonsFor, viewButtonsFor } from '../../src/core/api/buttons';
import { isV8Task, modelMajor, pictureButtons, pictureUrls } from '../../src/core/api/pictures';
import { parseWebviewMessage } from '../../src/shared/protocol';
import type { Task, TaskButton } from '../../src/core/model/types';
import { toViewTask } from '../../src/webview/hostMessage';
import { buildView } from '../../src/webview/viewModel';
import { libraryView } from '../../src/webview/sections/library';
import { NOW, task as viewTask, vb, withState } from './webviewFixtures';

const H = '2f2c0f5e-8d3a-4d7b-9c59-61c8f6a3b111';
const btn = (customId: string, label = ''): TaskButton => ({ customId, label, emoji: '', style: 2 });

function grid(over: Partial<Task> = {}): Task {
  return {
    id: '1',
    action: 'IMAGINE',
    status: 'SUCCESS',
    prompt: 'a lake',
    promptEn: '',
    description: '',
    state: '',
    buttons: [],
    ...over,
  };
}

const V8_BUTTONS = [
  btn(`MJ::JOB::reroll::0::${H}::SOLO`),
  ...[1, 2, 3, 4].map((i) => btn(`MJ::JOB::variation::${i}::${H}`, `V${i}`)),
];
const PICTURES = [0, 1, 2, 3].map((i) => `https://cdn.midjourney.com/job/0_${i}.png`);

describe('version-aware panel: V8 tasks and separate pictures', () => {
  it('reads the model from trueai’s version, else the prompt’s --v; niji and unnamed are not V8', () => {
    assert.equal(modelMajor({ version: '8.1' }), 8);
    assert.equal(modelMajor({ prompt: 'a lake --ar 3:2 --v 8.1 --exp 25' }), 8);
    assert.equal(modelMajor({ prompt: 'a lake --version 7' }), 7);
    assert.equal(modelMajor({ prompt: 'a lake --niji 7' }), undefined);
    assert.equal(isV8Task({ prompt: 'a lake' }), false);
    assert.equal(isV8Task({ prompt: 'x', finalPrompt: 'x --v 8' }), true);
    assert.equal(isV8Task({ version: '9' }), true, 'a version we do not know yet is at least V8');
  });

  it('never invents U1-U4 for a V8 grid without server buttons: V1-V4 and reroll only', () => {
    const v6 = changeButtonsFor(grid({ prompt: 'a lake --v 6.1' })).map((b) => b.label);
    assert.deepEqual(v6, ['U1', 'U2', 'U3', 'U4', 'V1', 'V2', 'V3', 'V4', 'Reroll']);
    const v8 = changeButtonsFor(grid({ prompt: 'a lake --v 8.1' })).map((b) => b.customId);
    assert.deepEqual(v8, [
      'change:VARIATION:1',
      'change:VARIATION:2',
      'change:VARIATION:3',
      'change:VARIATION:4',
      'change:REROLL:0',
    ]);
    // With server buttons, exactly what the server offers.
    const served = viewButtonsFor(grid({ version: '8.1', buttons: V8_BUTTONS }));
    assert.ok(!served.some((b) => b.group === 'upscale' || b.group === 'zoom' || b.group === 'pan'));
  });

  it('each picture gets the buttons of its number, same customIds; on V8 V n is Vary Subtle and Strong', () => {
    const t = grid({ version: '8.1', buttons: V8_BUTTONS, imageUrls: PICTURES });
    const buttons = viewButtonsFor(t);
    const second = pictureButtons(t, buttons, 2);
    assert.deepEqual(
      second.map((b) => [b.customId, b.label, b.strong]),
      [
        [`MJ::JOB::variation::2::${H}`, 'Vary (Subtle)', false],
        [`MJ::JOB::variation::2::${H}`, 'Vary (Strong)', true],
      ],
    );
    const v6 = grid({
      prompt: 'a lake --v 6',
      buttons: [btn(`MJ::JOB::upsample::3::${H}`, 'U3'), btn(`MJ::JOB::variation::3::${H}`, 'V3')],
    });
    assert.deepEqual(
      pictureButtons(v6, viewButtonsFor(v6), 3).map((b) => b.label),
      ['U3', 'V3'],
    );
    assert.deepEqual(pictureButtons(v6, viewButtonsFor(v6), 1), []);
    // Only http(s), only when finished, at most four.
    assert.deepEqual(pictureUrls(t), PICTURES);
    assert.deepEqual(pictureUrls({ ...t, status: 'IN_PROGRESS' }), []);
    assert.deepEqual(pictureUrls({ ...t, imageUrls: ['javascript:alert(1)', 'file:///etc/passwd'] }), []);
  });

  it('the panel shows four pictures instead of the grid, each with its actions, and Edit Image', () => {
    const pics = [1, 2, 3, 4].map((index) => ({
      index,
      src: `https://cdn.example/0_${index - 1}.png`,
      buttons: [
        { ...vb(`MJ::JOB::variation::${index}::h`, 'vary', 'Vary (Subtle)'), strong: false },
        { ...vb(`MJ::JOB::variation::${index}::h`, 'vary', 'Vary (Strong)'), strong: true },
      ],
    }));
    const raw = JSON.parse(
      JSON.stringify(viewTask({ prompt: 'a lake --v 8.1', pictures: pics, canEdit: true, buttons: [] })),
    ) as unknown;
    const parsed = toViewTask(raw)!;
    const view = buildView(withState(parsed), NOW);
    assert.equal(view.image, undefined, 'no grid image beside the pictures');
    assert.equal(view.pictures?.pictures.length, 4);
    assert.deepEqual(
      view.pictures?.pictures[3]?.buttons.map((b) => [b.text, b.strong]),
      [
        ['Vary (Subtle)', false],
        ['Vary (Strong)', true],
      ],
    );
    assert.equal(view.pictures?.canEdit, true);
    assert.deepEqual(libraryView(view), { taskId: parsed.id, canEdit: true });
    // An unsafe picture link shows no pictures at all (the grid image instead).
    const evil = toViewTask({
      ...(raw as object),
      pictures: [{ index: 1, src: 'javascript:alert(1)', buttons: [] }],
    })!;
    assert.equal(buildView(withState(evil), NOW).pictures, undefined);
  });

  it('the webview may ask for Edit of picture 1-4 and send `strong` with a press; nothing else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'editImage', taskId: '1', picture: 2 }), {
      type: 'editImage',
      taskId: '1',
      picture: 2,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'editImage', taskId: '1', path: '/etc' }), {
      type: 'editImage',
      taskId: '1',
    });
    assert.equal(parseWebviewMessage({ type: 'editImage', taskId: '1', picture: 5 }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'action', taskId: '1', customId: 'x', strong: true }), {
      type: 'action',
      taskId: '1',
      customId: 'x',
      strong: true,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'action', taskId: '1', customId: 'x', strong: 'yes' }), {
      type: 'action',
      taskId: '1',
      customId: 'x',
    });
  });
});
