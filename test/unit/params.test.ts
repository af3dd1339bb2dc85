import * as assert from 'node:assert/strict';
import {
  checkSet,
  cleanSet,
  composePrompt,
  modelOf,
  splitPrompt,
  validateParam,
  type Model,
  type ParamName,
} from '../../src/core/prompts/params';

const v = (version: number): Model => ({ family: 'v', version });
const niji = (version: number): Model => ({ family: 'niji', version });
const ok = (name: ParamName, value: string, model?: Model): void =>
  assert.equal(validateParam(name, value, model), undefined, `--${name} ${value} should be valid`);
const bad = (name: ParamName, value: string, model?: Model, message?: RegExp): void => {
  const error = validateParam(name, value, model);
  assert.ok(error, `--${name} ${value} should be refused`);
  if (message) assert.match(error, message);
};

describe('params: one parameter at a time', () => {
  it('--ar takes positive whole width:height only', () => {
    for (const good of ['16:9', '1:1', '9:16', '21:9', '3:2']) ok('ar', good);
    for (const wrong of ['16/9', '0:1', '1:0', '1.5:1', '16:', 'wide', '', '-1:2', '16:9:1'])
      bad('ar', wrong, undefined, /width:height/);
  });

  it('--v takes 5, 5.1, 5.2, 6, 6.1 and 7', () => {
    for (const good of ['5', '5.1', '5.2', '6', '6.1', '7', '5.0']) ok('v', good);
    for (const wrong of ['4', '5.3', '6.2', '8', 'seven', '']) bad('v', wrong, undefined, /one of 5, 5\.1/);
  });

  it('--niji takes 5 and 6', () => {
    ok('niji', '5');
    ok('niji', '6');
    for (const wrong of ['4', '7', '6.1', '']) bad('niji', wrong);
  });

  it('--stylize 0-1000, --chaos 0-100, --weird 0-3000, whole numbers', () => {
    const ranges: [ParamName, number][] = [
      ['stylize', 1000],
      ['chaos', 100],
      ['weird', 3000],
    ];
    for (const [name, max] of ranges) {
      ok(name, '0');
      ok(name, String(max));
      bad(name, String(max + 1), undefined, new RegExp(`from 0 to ${max}`));
      bad(name, '-1');
      bad(name, '1.5');
      bad(name, 'lots');
    }
  });

  it('--seed 0-4294967295', () => {
    ok('seed', '0');
    ok('seed', '4294967295');
    bad('seed', '4294967296');
    bad('seed', '-5');
    bad('seed', '12ab');
  });

  it('--q .25/.5/1/2, and 4 only on v7 (or the server default)', () => {
    for (const good of ['.25', '0.25', '.5', '1', '2']) ok('q', good, v(6.1));
    bad('q', '3', v(7), /\.25, \.5, 1, 2 or 4/);
    bad('q', '0.75', v(7));
    ok('q', '4', v(7));
    ok('q', '4');
    for (const m of [v(5), v(5.2), v(6), v(6.1), niji(6)]) bad('q', '4', m, /only with --v 7/);
  });

  it('--iw 0-3, 0-2 on v5', () => {
    ok('iw', '0');
    ok('iw', '3', v(6));
    ok('iw', '2.5', v(7));
    ok('iw', '2', v(5.2));
    bad('iw', '2.5', v(5.2), /0 to 2 on v5/);
    bad('iw', '3.1', v(7), /0 to 3/);
    bad('iw', '-1');
    bad('iw', 'x');
  });

  it('--style raw only from v5.1, niji 6', () => {
    for (const m of [v(5.1), v(5.2), v(6), v(6.1), v(7), niji(6), undefined]) ok('style', 'raw', m);
    bad('style', 'raw', v(5), /5\.1 or later/);
    bad('style', 'raw', niji(5), /niji 6/);
    bad('style', 'cute', v(6));
  });

  it('--no needs words; --tile takes none', () => {
    ok('no', 'text, people');
    bad('no', '  ');
    bad('no', 'text --v 7');
    ok('tile', '');
    bad('tile', 'yes');
  });

  it('--sref takes URLs, codes or random; --cref URLs only', () => {
    ok('sref', 'https://example.com/a.png 12345::2 random');
    bad('sref', 'example.com/a.png');
    bad('sref', '');
    ok('cref', 'https://example.com/me.png http://127.0.0.1/x.jpg::50');
    bad('cref', '12345');
  });
});

describe('params: the model and the set', () => {
  it('reads the model from --v or --niji (niji wins)', () => {
    assert.deepEqual(modelOf({}), { family: 'default' });
    assert.deepEqual(modelOf({ v: '6.1' }), { family: 'v', version: 6.1 });
    assert.deepEqual(modelOf({ v: '9' }), { family: 'v', version: undefined });
    assert.deepEqual(modelOf({ v: '7', niji: '6' }), { family: 'niji', version: 6 });
  });

  it('re-checks values against the chosen version', () => {
    assert.deepEqual(checkSet({ v: '5', iw: '2.5', q: '4', style: 'raw' }).errors, {
      iw: '--iw must be a number from 0 to 2 on v5.',
      q: '--q 4 works only with --v 7.',
      style: '--style raw needs --v 5.1 or later.',
    });
    assert.deepEqual(checkSet({ v: '7', iw: '2.5', q: '4', style: 'raw', chaos: '100' }).errors, {});
    assert.deepEqual(checkSet({ chaos: '500' }).errors, {
      chaos: '--chaos must be a whole number from 0 to 100.',
    });
  });

  it('warns on --v with --niji, --sref on v5, --cref on v5, niji 5 and v7', () => {
    const warn = (set: Parameters<typeof checkSet>[0]): string => checkSet(set).warnings.join(' | ');
    assert.match(warn({ v: '6', niji: '6' }), /--v and --niji/);
    assert.match(warn({ v: '5.2', sref: 'random' }), /--sref needs v6/);
    assert.equal(warn({ v: '6', sref: 'random' }), '');
    assert.match(warn({ v: '5', cref: 'https://x/a.png' }), /--cref needs v6/);
    assert.match(warn({ niji: '5', cref: 'https://x/a.png' }), /--cref needs v6/);
    assert.match(warn({ v: '7', cref: 'https://x/a.png' }), /--oref/);
    assert.equal(warn({ v: '6.1', cref: 'https://x/a.png' }), '');
    assert.equal(warn({ niji: '6', cref: 'https://x/a.png' }), '');
    assert.match(warn({ v: '5.1', weird: '10' }), /v5\.2/);
    assert.match(warn({ v: '6', q: '2' }), /v6\.1/);
    assert.match(warn({ v: '7', q: '.5' }), /v7 takes/);
    assert.equal(warn({ v: '7', q: '2', ar: '16:9', tile: '' }), '');
    assert.deepEqual(checkSet({}).warnings, []);
  });
});

describe('params: prompt text', () => {
  it('composes the subject and parameters in a fixed order', () => {
    assert.equal(composePrompt('  a red  fox ', { v: '7', ar: '16:9' }), 'a red fox --ar 16:9 --v 7');
    assert.equal(
      composePrompt('fox', { tile: '', style: 'raw', no: 'text,  people', seed: '42' }),
      'fox --no text, people --seed 42 --style raw --tile',
    );
    assert.equal(composePrompt('fox', {}), 'fox');
  });

  it('splits a prompt back, aliases included, and keeps what it does not know in the subject', () => {
    assert.deepEqual(splitPrompt('a fox --ar 16:9 --s 250 --c 10 --tile --no red blue --v 7'), {
      subject: 'a fox',
      set: { ar: '16:9', stylize: '250', chaos: '10', tile: '', no: 'red blue', v: '7' },
    });
    assert.deepEqual(splitPrompt('a fox --style cute --exp 5 --style raw'), {
      subject: 'a fox --style cute --exp 5',
      set: { style: 'raw' },
    });
    const set = { ar: '2:3', sref: 'https://x/a.png 123', q: '2', seed: '7' };
    assert.deepEqual(splitPrompt(composePrompt('cat', set)), { subject: 'cat', set });
  });

  it('keeps only known string values from stored state', () => {
    assert.deepEqual(cleanSet({ ar: ' 1:1 ', v: 7, evil: 'x', tile: '' }), { ar: '1:1', tile: '' });
  });
});
