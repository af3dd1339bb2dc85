import * as assert from 'node:assert/strict';
import {
  BUTTON_GROUP_ORDER,
  changeButtonsFor,
  classifyButton,
  nameFromCustomId,
  parseChangeId,
  iconFor,
  toViewButtons,
  viewButtonsFor,
} from '../../src/core/api/buttons';
import type { TaskButton } from '../../src/core/model/types';

const H = '3f1c2a7e-9b1d-4c55-8e2f-0a6b7c8d9e10';

function btn(customId: string, label = '', emoji = ''): TaskButton {
  return { customId, label, emoji, style: 2 };
}

/** The grid buttons of a real IMAGINE result (new-api issue #144), in the server's order. */
const GRID: TaskButton[] = [
  btn(`MJ::JOB::upsample::1::${H}`, 'U1'),
  btn(`MJ::JOB::upsample::2::${H}`, 'U2'),
  btn(`MJ::JOB::upsample::3::${H}`, 'U3'),
  btn(`MJ::JOB::upsample::4::${H}`, 'U4'),
  btn(`MJ::JOB::reroll::0::${H}::SOLO`, '', '🔄'),
  btn(`MJ::JOB::variation::1::${H}`, 'V1'),
  btn(`MJ::JOB::variation::2::${H}`, 'V2'),
  btn(`MJ::JOB::variation::3::${H}`, 'V3'),
  btn(`MJ::JOB::variation::4::${H}`, 'V4'),
];

describe('classifyButton', () => {
  const cases: [string, string][] = [
    [`MJ::JOB::upsample::2::${H}`, 'upscale'],
    [`MJ::JOB::upsample_v6_2x_subtle::1::${H}::SOLO`, 'upscale'],
    [`MJ::JOB::upsample_v7_2x_creative::1::${H}::SOLO`, 'upscale'],
    [`MJ::JOB::upsample_v5_4x::1::${H}::SOLO`, 'upscale'],
    [`MJ::JOB::variation::3::${H}`, 'variation'],
    [`MJ::JOB::reroll::0::${H}::SOLO`, 'reroll'],
    [`MJ::JOB::low_variation::1::${H}::SOLO`, 'vary'],
    [`MJ::JOB::high_variation::1::${H}::SOLO`, 'vary'],
    [`MJ::Inpaint::1::${H}::SOLO`, 'vary'],
    [`MJ::Outpaint::50::1::${H}::SOLO`, 'zoom'],
    [`MJ::Outpaint::75::1::${H}::SOLO`, 'zoom'],
    [`MJ::CustomZoom::${H}`, 'zoom'],
    [`MJ::JOB::pan_left::1::${H}::SOLO`, 'pan'],
    [`MJ::JOB::pan_down::1::${H}::SOLO`, 'pan'],
    [`MJ::JOB::animate_high::1::${H}::SOLO`, 'video'],
    [`MJ::BOOKMARK::${H}`, 'other'],
    ['', 'other'],
    ['change:UPSCALE:2', 'upscale'],
    ['change:VARIATION:4', 'variation'],
    ['change:REROLL:0', 'reroll'],
  ];
  for (const [id, group] of cases) {
    it(`${id || '(empty)'} → ${group}`, () => assert.equal(classifyButton(id), group));
  }
});

describe('nameFromCustomId', () => {
  it('names the families a user knows', () => {
    assert.equal(nameFromCustomId(`MJ::JOB::reroll::0::${H}::SOLO`), 'Reroll');
    assert.equal(nameFromCustomId(`MJ::JOB::pan_left::1::${H}::SOLO`), 'Pan Left');
    assert.equal(nameFromCustomId(`MJ::JOB::upsample::3::${H}`), 'U3');
    assert.equal(nameFromCustomId(`MJ::JOB::variation::1::${H}`), 'V1');
    assert.equal(nameFromCustomId(`MJ::JOB::upsample_v6_2x_subtle::1::${H}::SOLO`), 'Upscale (Subtle)');
    assert.equal(nameFromCustomId(`MJ::JOB::upsample_v5_4x::1::${H}::SOLO`), 'Upscale (4x)');
    assert.equal(nameFromCustomId(`MJ::JOB::high_variation::1::${H}::SOLO`), 'Vary (Strong)');
    assert.equal(nameFromCustomId(`MJ::Inpaint::1::${H}::SOLO`), 'Vary (Region)');
    assert.equal(nameFromCustomId(`MJ::Outpaint::50::1::${H}::SOLO`), 'Zoom Out 2x');
    assert.equal(nameFromCustomId(`MJ::Outpaint::75::1::${H}::SOLO`), 'Zoom Out 1.5x');
    assert.equal(nameFromCustomId(`MJ::CustomZoom::${H}`), 'Custom Zoom');
    assert.equal(nameFromCustomId(`MJ::JOB::animate_high::1::${H}::SOLO`), 'Animate (High motion)');
  });
  it('gives up on ids with no words', () => {
    assert.equal(nameFromCustomId('12345::678'), undefined);
  });
});

describe('toViewButtons', () => {
  it('groups a grid result in panel order and keeps the server order within each group', () => {
    const views = toViewButtons(GRID);
    assert.deepEqual(
      views.map((v) => `${v.group}:${v.label}`),
      [
        'upscale:U1',
        'upscale:U2',
        'upscale:U3',
        'upscale:U4',
        'variation:V1',
        'variation:V2',
        'variation:V3',
        'variation:V4',
        'reroll:Reroll',
      ],
    );
    assert.equal(views[8].icon, 'refresh', 'a known family shows its codicon');
    assert.equal(views[8].emoji, '', 'and not the emoji, which is a box without an emoji font');
    assert.equal(views[0].icon, undefined, 'U1…V4 say it with their label');
    assert.equal(views[8].customId, GRID[4].customId, 'the customId goes back verbatim');
    assert.ok(views.every((v) => !v.viaChange));
  });

  it('orders an upscale result: upscale, vary, zoom, pan, other', () => {
    const views = toViewButtons([
      btn(`MJ::JOB::pan_left::1::${H}::SOLO`, '', '⬅️'),
      btn(`MJ::BOOKMARK::${H}`, '', '❤️'),
      btn(`MJ::Outpaint::50::1::${H}::SOLO`, 'Zoom Out 2x', '🔍'),
      btn(`MJ::JOB::low_variation::1::${H}::SOLO`, 'Vary (Subtle)', '🪄'),
      btn(`MJ::JOB::upsample_v6_2x_subtle::1::${H}::SOLO`, 'Upscale (Subtle)', 'upscale_1'),
      btn(`MJ::JOB::pan_right::1::${H}::SOLO`, '', '➡️'),
    ]);
    assert.deepEqual(
      views.map((v) => v.label),
      ['Upscale (Subtle)', 'Vary (Subtle)', 'Zoom Out 2x', 'Pan Left', 'Pan Right', 'Bookmark'],
    );
    assert.equal(views[0].emoji, '', 'a custom emoji name is not shown as text');
    assert.equal(views[3].emoji, '');
    assert.deepEqual(
      views.map((v) => v.icon ?? v.emoji),
      ['screen-full', 'wand', 'zoom-out', 'arrow-left', 'arrow-right', '❤️'],
      'the server emoji stays only where no icon is known',
    );
    const groups = views.map((v) => BUTTON_GROUP_ORDER.indexOf(v.group));
    assert.deepEqual(
      groups,
      [...groups].sort((a, b) => a - b),
    );
  });

  it('falls back to the emoji when neither label nor customId says anything', () => {
    const [v] = toViewButtons([btn('123::456', '', '✨')]);
    assert.equal(v.label, '✨');
    assert.equal(v.emoji, '', 'the emoji is not shown twice');
  });

  it('drops buttons without a customId', () => {
    assert.equal(toViewButtons([btn('', 'Link'), btn('  ', 'Link')]).length, 0);
  });
});

describe('changeButtonsFor', () => {
  it('offers U1-U4, V1-V4 and reroll for a finished grid without buttons', () => {
    for (const action of ['IMAGINE', 'VARIATION', 'REROLL', 'BLEND']) {
      const views = changeButtonsFor({ status: 'SUCCESS', action, buttons: [] });
      assert.deepEqual(
        views.map((v) => v.customId),
        [
          'change:UPSCALE:1',
          'change:UPSCALE:2',
          'change:UPSCALE:3',
          'change:UPSCALE:4',
          'change:VARIATION:1',
          'change:VARIATION:2',
          'change:VARIATION:3',
          'change:VARIATION:4',
          'change:REROLL:0',
        ],
      );
      assert.ok(views.every((v) => v.viaChange));
      assert.deepEqual(
        views.map((v) => v.label),
        ['U1', 'U2', 'U3', 'U4', 'V1', 'V2', 'V3', 'V4', 'Reroll'],
      );
      assert.equal(views[8].emoji, '');
      assert.equal(views[8].icon, 'refresh');
    }
  });

  it('offers nothing for upscales, unfinished tasks or tasks with server buttons', () => {
    assert.deepEqual(changeButtonsFor({ status: 'SUCCESS', action: 'UPSCALE', buttons: [] }), []);
    assert.deepEqual(changeButtonsFor({ status: 'IN_PROGRESS', action: 'IMAGINE', buttons: [] }), []);
    assert.deepEqual(changeButtonsFor({ status: 'FAILURE', action: 'IMAGINE', buttons: [] }), []);
    assert.deepEqual(changeButtonsFor({ status: 'SUCCESS', action: 'IMAGINE', buttons: GRID }), []);
  });

  it('viewButtonsFor prefers the server buttons', () => {
    assert.equal(viewButtonsFor({ status: 'SUCCESS', action: 'IMAGINE', buttons: GRID })[0].viaChange, false);
    assert.equal(viewButtonsFor({ status: 'SUCCESS', action: 'IMAGINE', buttons: [] })[0].viaChange, true);
  });
});

describe('parseChangeId', () => {
  it('reads every pseudo id changeButtonsFor makes', () => {
    for (const v of changeButtonsFor({ status: 'SUCCESS', action: 'IMAGINE', buttons: [] })) {
      const parsed = parseChangeId(v.customId);
      assert.ok(parsed, v.customId);
      assert.equal(`change:${parsed.action}:${parsed.index}`, v.customId);
    }
    assert.deepEqual(parseChangeId('change:UPSCALE:3'), { action: 'UPSCALE', index: 3 });
    assert.deepEqual(parseChangeId('change:REROLL:0'), { action: 'REROLL', index: 0 });
  });

  it('rejects server customIds and malformed pseudo ids', () => {
    for (const id of [
      `MJ::JOB::upsample::1::${H}`,
      'change:UPSCALE:0',
      'change:UPSCALE:5',
      'change:REROLL:1',
      'change:VARY:1',
      'change:upscale:1',
      'change:UPSCALE:1 ',
      'xchange:UPSCALE:1',
      'change:UPSCALE:1:extra',
      '',
    ]) {
      assert.equal(parseChangeId(id), undefined, id);
    }
  });
});

describe('iconFor', () => {
  const cases: [string, string | undefined][] = [
    [`MJ::JOB::upsample::2::${H}`, undefined],
    [`MJ::JOB::variation::3::${H}`, undefined],
    [`MJ::JOB::upsample_v6_2x_subtle::1::${H}::SOLO`, 'screen-full'],
    [`MJ::JOB::reroll::0::${H}::SOLO`, 'refresh'],
    ['MJ::Picread::Retry', 'refresh'],
    [`MJ::JOB::low_variation::1::${H}::SOLO`, 'wand'],
    [`MJ::JOB::high_variation::1::${H}::SOLO`, 'wand'],
    [`MJ::Inpaint::1::${H}::SOLO`, 'paintcan'],
    [`MJ::Outpaint::50::1::${H}::SOLO`, 'zoom-out'],
    [`MJ::CustomZoom::${H}`, 'zoom-out'],
    [`MJ::Outpaint::100::1::${H}::SOLO`, 'primitive-square'],
    [`MJ::JOB::pan_up::1::${H}::SOLO`, 'arrow-up'],
    [`MJ::JOB::animate_high::1::${H}::SOLO`, 'device-camera-video'],
    [`MJ::JOB::animate_high_extend::1::${H}::SOLO`, 'debug-continue'],
    [`MJ::JOB::video_virtual_upscale::1::1234`, 'screen-full'],
    [`MJ::BOOKMARK::${H}`, undefined],
    ['MJ::Job::PicReader::1', undefined],
  ];
  for (const [id, icon] of cases) it(`${id} → ${icon ?? '(none)'}`, () => assert.equal(iconFor(id), icon));
});
