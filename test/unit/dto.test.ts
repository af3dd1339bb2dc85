import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseProgress, parseSubmitResult, parseTask, parseTaskList } from '../../src/core/api/dto';
import { MjError } from '../../src/core/model/errors';
import { taskJson } from './clientMock';

function thrown(fn: () => unknown): MjError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof MjError, `expected MjError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

describe('dto: parseTask', () => {
  it('normalises a full TA task', () => {
    const t = parseTask(taskJson());
    assert.equal(t.id, '1712345678901001');
    assert.equal(t.status, 'SUCCESS');
    assert.equal(t.progress, 100);
    assert.equal(t.finalPrompt, 'a cat --v 7');
    assert.equal(t.submitTime, 1712345678901);
    assert.equal(t.failReason, undefined);
    assert.deepEqual(t.buttons, [
      { customId: 'MJ::JOB::upsample::1::abc', label: 'U1', emoji: '', style: 2 },
    ]);
  });

  it('turns a numeric id into a string', () => {
    assert.equal(parseTask({ id: 1712345678901001 }).id, '1712345678901001');
  });

  it('keeps an unknown status as sent, and a relay row with status ""', () => {
    assert.equal(parseTask({ id: 'a', status: 'WAITING_FOR_GODOT' }).status, 'WAITING_FOR_GODOT');
    assert.equal(parseTask({ id: 'a', status: '' }).status, '');
    assert.equal(parseTask({ id: 'a' }).status, '');
  });

  it('parses progress from "42%", "", null and 42', () => {
    assert.equal(parseProgress('42%'), 42);
    assert.equal(parseProgress('Waiting (17%)'), 17);
    assert.equal(parseProgress(''), undefined);
    assert.equal(parseProgress(null), undefined);
    assert.equal(parseProgress(undefined), undefined);
    assert.equal(parseProgress(42), 42);
    assert.equal(parseProgress('stopped'), undefined);
    assert.equal(parseProgress(250), 100);
  });

  it('never throws and stays within 0-100 for any progress value', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const p = parseProgress(v);
        return p === undefined || (Number.isInteger(p) && p >= 0 && p <= 100);
      }),
    );
  });

  it('types buttons: drops entries without a customId, defaults label/emoji/style', () => {
    const t = parseTask({
      id: 'x',
      buttons: [
        { customId: 'MJ::JOB::reroll::0::abc::SOLO', emoji: '🔄' },
        { label: 'link button' },
        { customId: '', label: 'empty' },
        { customId: 42 },
        'junk',
        null,
        { customId: 'MJ::Outpaint::50::1::abc::SOLO', label: 'Zoom Out 2x', style: 3 },
      ],
    });
    assert.deepEqual(t.buttons, [
      { customId: 'MJ::JOB::reroll::0::abc::SOLO', label: '', emoji: '🔄', style: 2 },
      { customId: 'MJ::Outpaint::50::1::abc::SOLO', label: 'Zoom Out 2x', emoji: '', style: 3 },
    ]);
  });

  it('flattens TA imageUrls and NA videoUrls to strings', () => {
    const t = parseTask({
      id: 'x',
      imageUrls: [{ url: 'https://a/0.png', thumbnail: 'https://a/0.webp' }, { url: '' }, 'https://a/1.png'],
      videoUrls: [{ url: 'https://v/0.mp4' }],
      videoUrl: 'https://v/0.mp4',
    });
    assert.deepEqual(t.imageUrls, ['https://a/0.png', 'https://a/1.png']);
    assert.deepEqual(t.videoUrls, ['https://v/0.mp4']);
    assert.equal(t.videoUrl, 'https://v/0.mp4');
  });

  it('accepts numeric-string times, ignores junk, keeps "" finalPrompt of an Inpaint modal', () => {
    const t = parseTask({
      id: 'x',
      submitTime: '1712345678901',
      startTime: 'soon',
      properties: { finalPrompt: '' },
    });
    assert.equal(t.submitTime, 1712345678901);
    assert.equal(t.startTime, undefined);
    assert.equal(t.finalPrompt, '');
  });

  it('gives safe defaults for an empty object and ignores unknown fields', () => {
    const t = parseTask({ whatever: 1 });
    assert.deepEqual(t, {
      id: '',
      action: '',
      status: '',
      prompt: '',
      promptEn: '',
      description: '',
      state: '',
      buttons: [],
    });
  });

  it('rejects a non-object as an unexpected answer', () => {
    for (const v of ['<html>', 42, null, [1]]) {
      const e = thrown(() => parseTask(v));
      assert.equal(e.kind, 'server');
      assert.match(e.message, /unexpected answer/);
    }
  });

  it('never throws on any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), (o) => typeof parseTask(o).id === 'string'),
    );
  });

  it('parses lists, skipping entries that are not tasks', () => {
    const list = parseTaskList([taskJson({ id: 1 }), 'x', { prompt: 'no id' }, taskJson({ id: '2' })]);
    assert.deepEqual(
      list.map((t) => t.id),
      ['1', '2'],
    );
    assert.equal(thrown(() => parseTaskList({ tasks: [] })).kind, 'server');
  });
});

describe('dto: parseSubmitResult', () => {
  it('code 1: accepted, id as number → string', () => {
    const r = parseSubmitResult({ code: 1, description: 'Submit success', result: 1712345678901001 }, 200);
    assert.equal(r.taskId, '1712345678901001');
    assert.equal(r.code, 1);
    assert.equal(r.needsModal, false);
  });

  it('code 22: accepted with the queue position', () => {
    const r = parseSubmitResult(
      { code: 22, description: '排队中，前面还有2个任务', result: 'q1', properties: { numberOfQueues: 2 } },
      200,
    );
    assert.equal(r.queuePosition, 2);
    assert.equal(r.needsModal, false);
  });

  it('code 21 with a MODAL task: needsModal with the pre-filled prompt', () => {
    const r = parseSubmitResult(
      {
        code: 21,
        description: 'Waiting for window confirm',
        result: 'm1',
        properties: { finalPrompt: 'a cat --zoom 2', remix: true },
      },
      200,
    );
    assert.equal(r.needsModal, true);
    assert.equal(r.taskId, 'm1');
    assert.equal(r.finalPrompt, 'a cat --zoom 2');
  });

  it('code 21 from NZ (already exists): business error carrying the existing id', () => {
    const e = thrown(() =>
      parseSubmitResult(
        { code: 21, description: '任务已存在', result: 'old1', properties: { status: 'SUCCESS' } },
        200,
      ),
    );
    assert.equal(e.kind, 'business');
    assert.equal(e.code, 21);
    assert.equal(e.taskId, 'old1');
    assert.match(e.message, /old1/);
  });

  it('a code-1 answer that still says "Waiting for window confirm" (relay rewrite) needs the modal', () => {
    const r = parseSubmitResult({ code: 1, description: 'Waiting for window confirm', result: 'm2' }, 200);
    assert.equal(r.needsModal, true);
  });

  const cases: Array<[number, Record<string, unknown>, RegExp]> = [
    [3, {}, /no longer exists/],
    [4, {}, /^The server refused the request: prompt不能为空/],
    [9, {}, /queue is full/],
    [23, {}, /queue is full/],
    [23, {}, /nothing was charged/],
    [24, { bannedWord: 'blood', promptEn: 'x' }, /banned word "blood"; nothing was charged\. Rephrase it/],
    [30, {}, /saturated.*nothing was charged/],
    [77, {}, /code 77/],
  ];
  for (const [code, properties, re] of cases) {
    it(`code ${code}: business error with the code and the server's description`, () => {
      const description = code === 4 ? 'prompt不能为空' : `desc ${code}`;
      const e = thrown(() => parseSubmitResult({ code, description, result: null, properties }, 200));
      assert.equal(e.kind, 'business');
      assert.equal(e.code, code);
      assert.equal(e.serverDescription, description);
      assert.match(e.message, re);
      if (code === 24) assert.equal(e.bannedWord, 'blood');
    });
  }

  it('a body without a code or without an id is an unexpected answer', () => {
    assert.equal(thrown(() => parseSubmitResult({ description: 'x' }, 200)).kind, 'server');
    assert.equal(thrown(() => parseSubmitResult({ code: 1, result: '' }, 200)).kind, 'server');
    assert.equal(thrown(() => parseSubmitResult('ok', 200)).kind, 'server');
  });

  it('accepts a numeric-string code', () => {
    assert.equal(parseSubmitResult({ code: '1', result: 'a' }, 200).taskId, 'a');
  });
});
