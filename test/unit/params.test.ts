import * as assert from 'node:assert/strict';
import {
  checkPromptText,
  checkSet,
  cleanSet,
  composePrompt,
  modelOf,
  paramInfo,
  PARAM_NAMES,
  splitPrompt,
  validateParam,
  type Model,
  type ParamName,
} from '../../src/core/prompts/params';
import { findParam, validatePromptParams } from '../../src/core/prompts/paramTable';
import { promptNote, validatePrompt } from '../../src/core/prompts/prompt';

const v = (version: string): Model => ({ family: 'v', version, known: true });
const niji = (version: string): Model => ({ family: 'niji', version, known: true });
const ok = (name: ParamName, value: string, model?: Model): void =>
  assert.equal(validateParam(name, value, model), undefined, `--${name} ${value} should be valid`);
const bad = (name: ParamName, value: string, model?: Model, message?: RegExp): void => {
  const error = validateParam(name, value, model);
  assert.ok(error, `--${name} ${value} should be refused`);
  if (message) assert.match(error, message);
};

describe('params (the composer) reads the one table', () => {
  it('offers every parameter from the table, with its doc', () => {
    for (const name of PARAM_NAMES) {
      assert.ok(findParam(name), `--${name} is in the table`);
      assert.equal(paramInfo(name).hint, findParam(name)!.doc);
    }
    for (const name of ['oref', 'ow', 'exp', 'sv', 'draft', 'p', 'r'] as ParamName[])
      assert.ok(PARAM_NAMES.includes(name), name);
    assert.equal(paramInfo('draft').kind, 'toggle');
    assert.equal(paramInfo('style').label, '--style raw');
  });

  it('--v 5 to 8.1 and --niji 4 to 7 are valid; an unknown version is not an error', () => {
    for (const good of ['5', '5.1', '5.2', '6', '6.1', '7', '8', '8.1', '5.0']) ok('v', good);
    for (const good of ['4', '5', '6', '7']) ok('niji', good);
    for (const unknown of ['9', '8.2', '4']) ok('v', unknown);
    ok('niji', '8');
    bad('v', 'seven', undefined, /version number/);
  });

  it('ranges per version come from the table', () => {
    bad('chaos', '101', undefined, /from 0 to 100/);
    bad('stylize', '1001');
    bad('weird', '3001');
    ok('exp', '25', v('8.1'));
    bad('exp', '101', v('7'), /0 to 100/);
    ok('ow', '1000', v('7'));
    bad('ow', '1001', v('8.1'));
    bad('r', '41', undefined, /1 to 40/);
    ok('r', '40');
    bad('r', '0');
    ok('iw', '2', v('5.2'));
    bad('iw', '2.5', v('5.2'), /0 to 2/);
    ok('iw', '2.5', v('7'));
    bad('ar', '1:0', undefined, /width:height/);
    ok('oref', 'https://example.com/me.png', v('7'));
    bad('oref', 'me.png', v('7'), /image URL/);
    bad('no', 'text --v 7', undefined, /another parameter/);
    ok('sv', '4', v('7'));
    ok('q', '4', v('7'));
    ok('q', '4', v('6')); // a value of another version: a warning in checkSet, never a refusal
  });

  it('the model of a set: niji wins, V8.1 by default, unknown versions flagged', () => {
    assert.deepEqual(modelOf({}), v('8.1'));
    assert.deepEqual(modelOf({ v: '6.1' }), v('6.1'));
    assert.deepEqual(modelOf({ v: '9' }), { family: 'v', version: '9', known: false });
    assert.deepEqual(modelOf({ v: '7', niji: '6' }), niji('6'));
  });

  it('checkSet: errors per parameter, warnings for risky combinations, infos for the unknown', () => {
    assert.deepEqual(checkSet({ v: '5', iw: '2.5', chaos: '100' }).errors, {
      iw: '--iw must be a number from 0 to 2.',
    });
    assert.deepEqual(checkSet({ chaos: '500' }).errors, {
      chaos: '--chaos must be a whole number from 0 to 100.',
    });
    const w = (set: Parameters<typeof checkSet>[0]): string => checkSet(set).warnings.join(' | ');
    assert.match(w({ v: '6', niji: '6' }), /--v and --niji/);
    assert.match(w({ v: '7', cref: 'https://x/a.png' }), /--oref/);
    assert.match(w({ v: '8.1', cw: '50' }), /--ow/);
    assert.equal(w({ v: '6.1', cref: 'https://x/a.png' }), '');
    assert.match(w({ v: '6', exp: '10' }), /--exp does not work on V6/);
    assert.match(w({ v: '6', q: '4' }), /--q takes/);
    assert.equal(w({ v: '8.1', exp: '25', oref: 'https://x/a.png', ow: '100' }), '');
    assert.deepEqual(checkSet({ v: '9', exp: '5' }).errors, {});
    assert.match(checkSet({ v: '9' }).infos.join(' '), /V9 is a version .* sent as typed/);
    assert.deepEqual(checkSet({}), { errors: {}, warnings: [], infos: [] });
  });

  it('a typed prompt gets the same check: unknown parameters inform and are never errors', () => {
    const c = checkPromptText('a fox --v 9 --zzz 3');
    assert.deepEqual(c.errors, {});
    assert.equal(c.infos.length, 2);
  });
});

describe('params: prompt text', () => {
  it('composes the subject and parameters in a fixed order', () => {
    assert.equal(composePrompt('  a red  fox ', { v: '7', ar: '16:9' }), 'a red fox --ar 16:9 --v 7');
    assert.equal(
      composePrompt('fox', { tile: '', style: 'raw', no: 'text,  people', seed: '42', draft: '' }),
      'fox --no text, people --seed 42 --style raw --draft --tile',
    );
    assert.equal(
      composePrompt('fox', { v: '8.1', exp: '25', oref: 'https://x/a.png', ow: '100', r: '4' }),
      'fox --v 8.1 --exp 25 --oref https://x/a.png --ow 100 --r 4',
    );
    assert.equal(composePrompt('fox', {}), 'fox');
  });

  it('splits a prompt back, aliases included, and keeps what it does not offer in the subject', () => {
    assert.deepEqual(splitPrompt('a fox --ar 16:9 --s 250 --c 10 --tile --no red blue --v 8.1'), {
      subject: 'a fox',
      set: { ar: '16:9', stylize: '250', chaos: '10', tile: '', no: 'red blue', v: '8.1' },
    });
    assert.deepEqual(splitPrompt('a fox --style cute --zzz 5 --repeat 3 --style raw'), {
      subject: 'a fox --style cute --zzz 5',
      set: { r: '3', style: 'raw' },
    });
    const set = {
      ar: '2:3',
      sref: 'https://x/a.png 123',
      q: '2',
      seed: '7',
      oref: 'https://x/o.png',
      ow: '100',
    };
    assert.deepEqual(splitPrompt(composePrompt('cat', set)), { subject: 'cat', set });
  });

  it('keeps only known string values from stored state', () => {
    assert.deepEqual(cleanSet({ ar: ' 1:1 ', v: 7, evil: 'x', tile: '', exp: '5' }), {
      ar: '1:1',
      exp: '5',
      tile: '',
    });
  });
});

describe('every submit path validates with the table', () => {
  it('--v 8.1 is valid, an unknown version or parameter informs and does not block', () => {
    assert.equal(validatePrompt('a fox --v 8.1 --exp 25 --oref https://x/a.png --ow 100'), undefined);
    assert.equal(promptNote('a fox --v 8.1 --exp 25 --oref https://x/a.png --ow 100'), undefined);
    assert.equal(validatePrompt('a fox --v 9'), undefined);
    assert.equal(promptNote('a fox --v 9')?.severity, 'info');
    assert.equal(promptNote('a fox --sim-stall')?.severity, 'info');
    assert.equal(validatePrompt('a fox --sim-stall'), undefined);
  });

  it('an impossible value blocks, a risky one warns', () => {
    assert.match(promptNote('a fox --ar 1:0')?.message ?? '', /width:height/);
    assert.equal(promptNote('a fox --ar 1:0')?.severity, 'error');
    assert.equal(promptNote('a fox --chaos 500')?.severity, 'error');
    assert.equal(promptNote('a fox --v 7 --cref https://x/a.png')?.severity, 'warning');
    assert.equal(validatePrompt('a fox --v 7 --cref https://x/a.png'), undefined);
    assert.match(validatePrompt('  ') ?? '', /cannot be empty/);
    // The same messages as the table's, so composer, prompt files and submits agree.
    assert.equal(
      promptNote('a fox --chaos 500')?.message,
      validatePromptParams('a fox --chaos 500')[0]?.message,
    );
  });
});
