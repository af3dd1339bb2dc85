import * as assert from 'node:assert/strict';
import { l10nBundle, setL10nBundle, t, toL10nBundle } from '../../src/shared/l10n';

describe('shared l10n (the words of the core and the webview)', () => {
  afterEach(() => setL10nBundle(undefined));

  it('is English, with holes filled, when no bundle is set', () => {
    assert.equal(
      t('The server refused the API key (HTTP {0}).', 401),
      'The server refused the API key (HTTP 401).',
    );
    assert.equal(t('Done'), 'Done');
  });

  it('uses the bundle text and fills its holes in the translated order', () => {
    setL10nBundle({ '{0} of {1}': '第 {1} 中的 {0}', Done: '完成' });
    assert.equal(t('{0} of {1}', 2, 4), '第 4 中的 2');
    assert.equal(t('Done'), '完成');
    assert.equal(t('Not in the bundle {0}', 'x'), 'Not in the bundle x');
  });

  it('keeps a hole that has no argument, and does not read inherited keys', () => {
    setL10nBundle({});
    assert.equal(t('{0} and {1}', 'a'), 'a and {1}');
    assert.equal(t('constructor'), 'constructor');
    assert.equal(t('toString'), 'toString');
  });

  it('keeps only string texts from what VS Code hands over', () => {
    assert.deepEqual(toL10nBundle({ a: 'A', b: { message: 'B', comment: ['c'] }, c: 3, d: null }), {
      a: 'A',
      b: 'B',
    });
    assert.deepEqual(toL10nBundle(['x']), {});
    assert.deepEqual(toL10nBundle(undefined), {});
    setL10nBundle({ a: 'A' });
    assert.deepEqual(l10nBundle(), { a: 'A' });
  });
});
