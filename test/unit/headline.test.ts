import * as assert from 'node:assert/strict';
import { childName, taskHeadline } from '../../src/core/tasks/headline';
import { setL10nBundle } from '../../src/shared/l10n';
import { zhBundle } from './testUtils';
import { mkRecord, mkTask } from './storeFixtures';

const H = '3f1c2a7e-9b1d-4c55-8e2f-0a6b7c8d9e10';
const parent = mkRecord('1796191287904435', 0, {
  task: mkTask('1796191287904435', { prompt: 'a fox in the snow --ar 3:2', status: 'SUCCESS' }),
});

function child(customId: string | undefined, over: Partial<Parameters<typeof mkRecord>[2]> = {}) {
  return mkRecord('2', 1, {
    task: mkTask('2', { action: 'UPSCALE', description: `/action 1796191287904435 ${customId}` }),
    parentId: parent.task.id,
    origin: { kind: 'action', customId, label: 'U1' },
    ...over,
  });
}

describe('taskHeadline: what a task is, in the user words', () => {
  afterEach(() => setL10nBundle(undefined));

  it('names the button and the parent instead of the server customId', () => {
    const cases: [string, string][] = [
      [`MJ::JOB::upsample::1::${H}`, 'Upscale of image 1 from “a fox in the snow”'],
      ['change:UPSCALE:3', 'Upscale of image 3 from “a fox in the snow”'],
      [`MJ::JOB::variation::2::${H}`, 'Variations of image 2 from “a fox in the snow”'],
      ['change:VARIATION:4', 'Variations of image 4 from “a fox in the snow”'],
      [`MJ::JOB::reroll::0::${H}::SOLO`, 'Reroll of “a fox in the snow”'],
      ['change:REROLL:0', 'Reroll of “a fox in the snow”'],
      [`MJ::Outpaint::50::1::${H}::SOLO`, 'Zoom Out 2x of “a fox in the snow”'],
      [`MJ::JOB::pan_left::1::${H}::SOLO`, 'Pan Left of “a fox in the snow”'],
      [`MJ::JOB::upsample_v6_2x_subtle::1::${H}::SOLO`, 'Upscale (Subtle) of “a fox in the snow”'],
      ['MJ::JOB::video_virtual_upscale::2::1234', 'Upscale of clip 2 from “a fox in the snow”'],
    ];
    for (const [customId, words] of cases) {
      const line = taskHeadline(child(customId), parent);
      assert.equal(line, words, customId);
      assert.ok(!line.includes('MJ::') && !line.includes('change:'), line);
    }
  });

  it('drops the parent it no longer has, and names tasks made from nothing by their action', () => {
    assert.equal(taskHeadline(child(`MJ::JOB::upsample::1::${H}`)), 'Upscale of image 1');
    assert.equal(taskHeadline(mkRecord('3', 0)), 'Imagine');
    assert.equal(
      taskHeadline(mkRecord('4', 0, { task: mkTask('4', { action: 'BLEND' }), origin: { kind: 'blend' } })),
      'Blend',
    );
    assert.equal(
      taskHeadline(
        mkRecord('5', 0, {
          task: mkTask('5', { action: 'VIDEO' }),
          origin: { kind: 'video', label: 'Extend 2' },
        }),
        parent,
      ),
      'Extend 2 of “a fox in the snow”',
    );
  });

  it('speaks Chinese with the Chinese bundle', () => {
    setL10nBundle(zhBundle());
    assert.equal(
      taskHeadline(child(`MJ::JOB::upsample::1::${H}`), parent),
      '“a fox in the snow” 的第 1 张图放大',
    );
    assert.equal(taskHeadline(mkRecord('3', 0)), '想象');
  });
});

describe('childName: which child a notification is about', () => {
  it('is the button label of the parent, and nothing for a task made from nothing', () => {
    assert.equal(childName(child(`MJ::JOB::upsample::1::${H}`), parent), 'U1 of “a fox in the snow”');
    assert.equal(
      childName(
        child(`MJ::Outpaint::50::1::${H}::SOLO`, {
          origin: { kind: 'action', customId: `MJ::Outpaint::50::1::${H}::SOLO` },
        }),
        parent,
      ),
      'Zoom Out 2x of “a fox in the snow”',
    );
    assert.equal(childName(mkRecord('3', 0), undefined), undefined);
  });
});
