import * as assert from 'node:assert/strict';
import {
  applySuffix,
  joinSelections,
  parseParams,
  promptLabel,
  validatePrompt,
} from '../../src/core/prompts/prompt';

describe('prompt', () => {
  it('joins several selections into one line, dropping empty ones', () => {
    assert.equal(
      joinSelections(['  a red fox\n in snow ', '', '\t', 'watercolor']),
      'a red fox in snow watercolor',
    );
  });

  it('appends the suffix once', () => {
    assert.equal(applySuffix('a fox', '--v 7 --ar 16:9'), 'a fox --v 7 --ar 16:9');
    assert.equal(applySuffix('a fox --v 7 --ar 16:9', '--v 7 --ar 16:9'), 'a fox --v 7 --ar 16:9');
    assert.equal(applySuffix('a fox --ar 1:1 --v 6', '--v 7 --ar 16:9'), 'a fox --ar 1:1 --v 6');
    assert.equal(applySuffix('a fox --ar 1:1', '--v 7 --ar 16:9'), 'a fox --ar 1:1 --v 7 --ar 16:9');
    assert.equal(applySuffix('  a fox ', ''), 'a fox');
  });

  it('reads --param values', () => {
    assert.deepEqual(parseParams('cat --ar 16:9 --style raw --tile --no red blue'), {
      ar: '16:9',
      style: 'raw',
      tile: '',
      no: 'red blue',
    });
  });

  it('labels a prompt without its parameters and cuts long ones', () => {
    assert.equal(promptLabel('a cat in space --ar 16:9 --v 7'), 'a cat in space');
    assert.equal(promptLabel('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(promptLabel('--ar 1:1'), '--ar 1:1');
  });

  it('refuses an empty prompt with a sentence', () => {
    assert.match(validatePrompt('   ') ?? '', /cannot be empty/);
    assert.equal(validatePrompt('a cat'), undefined);
  });
});
