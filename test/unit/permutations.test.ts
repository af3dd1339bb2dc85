import * as assert from 'node:assert/strict';
import { expandPermutations, PERMUTATION_CAP } from '../../src/core/prompts/permutations';

describe('permutations', () => {
  it('a prompt without braces is its own single variant', () => {
    assert.deepEqual(expandPermutations('a cat --ar 1:1'), {
      variants: ['a cat --ar 1:1'],
      total: 1,
      capped: false,
    });
  });

  it('expands every combination, the first group varying slowest', () => {
    assert.deepEqual(expandPermutations('{red, blue} bird --ar {1:1, 16:9}').variants, [
      'red bird --ar 1:1',
      'red bird --ar 16:9',
      'blue bird --ar 1:1',
      'blue bird --ar 16:9',
    ]);
  });

  it('nests', () => {
    assert.deepEqual(expandPermutations('a {big {red, blue}, small} car').variants, [
      'a big red car',
      'a big blue car',
      'a small car',
    ]);
    assert.equal(expandPermutations('{a {b, c}, d} {e, f}').total, 6);
  });

  it('keeps an escaped comma and escaped braces', () => {
    assert.deepEqual(expandPermutations('a {cat\\, small, dog} \\{x\\}').variants, [
      'a cat, small {x}',
      'a dog {x}',
    ]);
  });

  it('an empty option and an unclosed brace are kept as typed', () => {
    assert.deepEqual(expandPermutations('a {, big} cat').variants, ['a cat', 'a big cat']);
    assert.deepEqual(expandPermutations('a {cat').variants, ['a {cat']);
  });

  it('caps at 40 like Midjourney and says so', () => {
    const e = expandPermutations('{1,2,3,4,5,6,7} {a,b,c,d,e,f,g}');
    assert.equal(PERMUTATION_CAP, 40);
    assert.equal(e.total, 49);
    assert.equal(e.variants.length, 40);
    assert.equal(e.capped, true);
    assert.equal(e.variants[0], '1 a');
    assert.equal(expandPermutations('{a,b,c}', 2).variants.length, 2);
  });
});
