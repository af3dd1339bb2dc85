/** Small helpers several unit test files share. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MjError } from '../../src/core/model/errors';

/** The MjError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejects(p: Promise<unknown>): Promise<MjError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof MjError, `expected MjError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

/** The shipped Simplified Chinese bundle (tests compile to out/test/unit: the root is three levels up). */
export function zhBundle(): Record<string, string> {
  const file = path.join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}
