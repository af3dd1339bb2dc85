/** Issue 16 part 2: crafted files and hostile servers. Each block holds one threat; counts are printed. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { noLinks } from '../../src/core/model/plainText';
import { suffixCostFactor } from '../../src/core/prompts/suffixCost';

const root = path.join(__dirname, '..', '..', '..');
const source = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

/** VS Code's notification link parser (src/vs/base/common/linkedText.ts, parseLinkedText). */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('security: server text in notifications makes no links', () => {
  it('escapes every Markdown link payload and keeps the text readable', () => {
    const targets = [
      'https://evil.example/k',
      'http://x',
      'command:workbench.action.reloadWindow',
      'file:///etc/passwd',
    ];
    const labels = ['re-enter your key', 'Set API Key', 'x', '点击'];
    const payloads: string[] = [];
    for (const to of targets) {
      for (const label of labels) {
        payloads.push(
          `[${label}](${to})`,
          `Failed: [${label}](${to} "title")`,
          `[${label}]( ${to})`,
          `a [[${label}]](${to}) b`,
        );
      }
    }
    for (const p of payloads) {
      const out = noLinks(p);
      assert.equal(out.match(LINK), null, `a link survived: ${out}`);
      assert.equal(out.replace(/\s/g, ''), p.replace(/\s/g, ''), 'only spaces are added');
    }
    console.log(`      ${payloads.length} link payloads, none a link`);
  });

  it('the task notification and every error message pass server text through noLinks', () => {
    assert.match(source('src/host/notifications.ts'), /noLinks\(rec\.task\.failReason\)/);
    assert.match(source('src/host/notifications.ts'), /noLinks\(promptLabel\(/);
    assert.match(source('src/host/errors.ts'), /const message = noLinks\(/);
  });
});

describe('security: a workspace cannot raise the price through midjourney.promptSuffix', () => {
  it('is a restricted configuration: ignored in untrusted workspaces', () => {
    const pkg = JSON.parse(source('package.json')) as {
      capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] } };
      contributes: {
        configuration:
          | { properties: Record<string, { scope?: string }> }
          | { properties: Record<string, { scope?: string }> }[];
      };
    };
    assert.deepEqual(pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations, [
      'midjourney.promptSuffix',
    ]);
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
  });

  it('knows which suffixes multiply the price, so the host asks once', () => {
    const cases: [string, number][] = [
      ['--ar 16:9 --v 7', 1],
      ['--r 40', 40],
      ['--repeat 3', 3],
      ['--bs 4', 4],
      ['--r 2 {red, blue, green}', 6],
      ['{a,b} {c,d}', 4],
      ['--stylize 250 --chaos 10', 1],
      ['--raw', 1],
      ['--R 5', 5],
    ];
    for (const [s, f] of cases) assert.equal(suffixCostFactor(s), f, s);
    assert.match(source('src/host/commands/imagine.ts'), /await suffixForSubmit\(ctx\)/);
    assert.match(source('src/host/commands/images.ts'), /await suffixForSubmit\(ctx\)/);
    console.log(`      ${cases.length} suffixes priced`);
  });
});
