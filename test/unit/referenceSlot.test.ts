import * as assert from 'node:assert/strict';
import { referenceSlot } from '../../src/core/prompts/promptAssist';

describe('prompt language: where the style-reference library is offered', () => {
  const at = (text: string) => referenceSlot(text, text.length);

  it('after --sref (several values) and --oref (one), at the word being typed', () => {
    assert.deepEqual(at('a fox --sref '), { param: 'sref', start: 13 });
    assert.deepEqual(at('a fox --sref https://a.test/1.png htt'), { param: 'sref', start: 34 });
    assert.deepEqual(at('a fox --v 7 --oref '), { param: 'oref', start: 19 });
  });

  it('nowhere else: not in the subject, not after another parameter, not for a second --oref image', () => {
    assert.equal(at('a fox sref '), undefined);
    assert.equal(at('a fox --ar '), undefined);
    assert.equal(at('a fox --oref https://a.test/1.png '), undefined);
    assert.equal(at('a fox --sref https://a.test/1.png --'), undefined);
    assert.equal(referenceSlot('a fox --sref x --ar 1:1', 10), undefined);
  });
});
