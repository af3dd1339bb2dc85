import * as assert from 'node:assert/strict';
import {
  DEFAULT_MODEL,
  findParam,
  jobCount,
  modelOf,
  NIJI_VERSIONS,
  paramsFor,
  parsePrompt,
  priceNotes,
  V_VERSIONS,
  validatePromptParams,
  valuesFor,
} from '../../src/core/prompts/paramTable';
import type { PromptIssue } from '../../src/core/prompts/paramTable';

const issues = (text: string): PromptIssue[] => validatePromptParams(text);
const errors = (text: string): string[] =>
  issues(text)
    .filter((i) => i.severity === 'error')
    .map((i) => i.message);
const worst = (text: string): string | undefined => {
  const order = ['error', 'warning', 'info'] as const;
  return order.find((s) => issues(text).some((i) => i.severity === s));
};
const names = (v: string): string[] => paramsFor(modelOf(parsePrompt(`a cat ${v}`))).map((p) => p.name);

describe('paramTable: versions', () => {
  it('knows --v 5 to 8.1 and --niji 4 to 7, with V8.1 the default', () => {
    assert.deepEqual([...V_VERSIONS], ['5', '5.1', '5.2', '6', '6.1', '7', '8', '8.1']);
    assert.deepEqual([...NIJI_VERSIONS], ['4', '5', '6', '7']);
    assert.deepEqual(modelOf(parsePrompt('a cat')), DEFAULT_MODEL);
    for (const v of V_VERSIONS) assert.equal(worst(`a cat --v ${v}`), undefined, `--v ${v}`);
    for (const n of NIJI_VERSIONS) assert.equal(worst(`a cat --niji ${n}`), undefined, `--niji ${n}`);
  });

  it('takes --v 8.1 (refused before) and reads niji over v', () => {
    assert.deepEqual(errors('a cat --v 8.1'), []);
    assert.deepEqual(modelOf(parsePrompt('a cat --v 7 --niji 6')), {
      family: 'niji',
      version: '6',
      known: true,
    });
    assert.ok(
      issues('a cat --v 7 --niji 6').some(
        (i) => i.severity === 'warning' && /--v and --niji/.test(i.message),
      ),
    );
  });

  it('an unknown version is an info, never an error, and is checked as the newest', () => {
    const found = issues('a cat --v 9 --oref https://x.test/a.png --exp 10');
    assert.deepEqual(
      found.map((i) => i.severity),
      ['info'],
    );
    assert.match(
      found[0].message,
      /V9 is a version Midjourney Studio does not know yet; it is sent as typed/,
    );
    assert.equal(worst('a cat --niji 8'), 'info');
    assert.equal(worst('a cat --v seven'), 'error');
  });

  it('an unknown parameter is an info, sent as typed', () => {
    const found = issues('a cat --newthing 3');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'info');
    assert.equal(found[0].param, 'newthing');
  });
});

describe('paramTable: ranges per version', () => {
  const ranges: [string, number, number, boolean][] = [
    ['stylize', 0, 1000, true],
    ['s', 0, 1000, true],
    ['chaos', 0, 100, true],
    ['weird', 0, 3000, true],
    ['seed', 0, 4294967295, true],
    ['r', 1, 40, true],
    ['repeat', 1, 40, true],
    ['sw', 0, 1000, true],
  ];
  for (const [name, min, max] of ranges) {
    it(`--${name} takes ${min}-${max} on every version`, () => {
      for (const v of ['6.1', '7', '8.1']) {
        assert.deepEqual(errors(`a cat --v ${v} --${name} ${min}`), [], `${name} ${min} on ${v}`);
        assert.deepEqual(errors(`a cat --v ${v} --${name} ${max}`), [], `${name} ${max} on ${v}`);
        assert.equal(errors(`a cat --v ${v} --${name} ${max + 1}`).length, 1, `${name} ${max + 1} on ${v}`);
        assert.equal(errors(`a cat --v ${v} --${name} ${min - 1}`).length, 1, `${name} ${min - 1} on ${v}`);
      }
    });
  }

  it('V7+ only: --oref with --ow 0-1000, --exp 0-100, --sv, --draft', () => {
    for (const v of ['7', '8', '8.1']) {
      assert.equal(
        worst(`a cat --v ${v} --oref https://x.test/a.png --ow 100 --exp 25 --sv 4 --draft`),
        undefined,
      );
      assert.equal(errors(`a cat --v ${v} --oref https://x.test/a.png --ow 1001`).length, 1);
      assert.equal(errors(`a cat --v ${v} --exp 101`).length, 1);
      assert.ok(names(`--v ${v}`).includes('oref'));
    }
    for (const v of ['5.2', '6', '6.1']) {
      assert.ok(!names(`--v ${v}`).includes('oref'), `no --oref on ${v}`);
      assert.equal(worst(`a cat --v ${v} --exp 25`), 'warning');
      assert.equal(worst(`a cat --v ${v} --draft`), 'warning');
    }
    assert.ok(names('--niji 7').includes('oref'));
    assert.ok(!names('--niji 6').includes('oref'));
  });

  it('--ow above 400 is advised against, and --ow without --oref does nothing', () => {
    assert.ok(issues('a --oref https://x.test/a.png --ow 500').some((i) => /400 or less/.test(i.message)));
    assert.ok(issues('a --ow 100').some((i) => /add --oref/.test(i.message)));
  });

  it('--q: .25 .5 1 2 before V7; .5 1 2 4 on V7 and later', () => {
    const q = (v: string): string[] => valuesFor(findParam('q')!, modelOf(parsePrompt(`a --v ${v}`)));
    assert.deepEqual(q('6.1'), ['.25', '.5', '1', '2']);
    assert.deepEqual(q('7'), ['.5', '1', '2', '4']);
    assert.equal(worst('a --v 7 --q 4'), undefined);
    assert.equal(worst('a --v 6 --q 4'), 'warning');
    assert.equal(worst('a --v 7 --q 3'), 'error');
  });

  it('--iw 0-2 on V5, 0-3 from V6', () => {
    assert.deepEqual(errors('a --v 5.2 --iw 2'), []);
    assert.equal(errors('a --v 5.2 --iw 2.5').length, 1);
    assert.deepEqual(errors('a --v 6 --iw 2.5'), []);
    assert.equal(errors('a --v 7 --iw 3.5').length, 1);
  });

  it('--cref/--cw work on V6 and warn on V7+ with the fix to --oref/--ow', () => {
    assert.equal(worst('a --v 6.1 --cref https://x.test/c.png --cw 50'), undefined);
    const text = 'a --v 7 --cref https://x.test/c.png';
    const found = issues(text).find((i) => i.param === 'cref');
    assert.equal(found?.severity, 'warning');
    assert.match(found!.message, /--oref/);
    const fix = found!.fix!;
    assert.equal(
      text.slice(0, fix.start) + fix.replacement + text.slice(fix.end),
      'a --v 7 --oref https://x.test/c.png',
    );
    assert.equal(errors('a --v 6 --cw 101').length, 1);
  });

  it('all current versions: --p/--profile, --raw, --stealth, --public, --r; video --motion, --loop, --end, --bs', () => {
    for (const v of ['6', '7', '8.1']) {
      assert.equal(worst(`a --v ${v} --p --raw --stealth --r 2`), undefined, v);
      assert.equal(worst(`a --v ${v} --profile abc123 --public`), undefined, v);
      assert.equal(
        worst(`a --v ${v} --video --motion high --loop --end https://x.test/e.png --bs 2`),
        undefined,
      );
    }
    assert.equal(worst('a --motion medium'), 'error');
    assert.equal(worst('a --bs 3'), 'error');
    assert.equal(worst('a --end notaurl'), 'error');
  });

  it('--ar takes width:height of positive whole numbers', () => {
    assert.deepEqual(errors('a --ar 16:9'), []);
    assert.deepEqual(errors('a --aspect 2:3'), []);
    const bad = issues('a cat --ar 1:0').find((i) => i.severity === 'error');
    assert.ok(bad);
    assert.equal('a cat --ar 1:0'.slice(bad.start, bad.end), '1:0');
    assert.equal(errors('a --ar 16x9').length, 1);
  });

  it('clamps a number out of its range as a quick fix', () => {
    const text = 'a --stylize 1200';
    const e = issues(text).find((i) => i.severity === 'error')!;
    assert.equal(e.fix?.replacement, '1000');
    assert.equal(
      text.slice(0, e.fix!.start) + e.fix!.replacement + text.slice(e.fix!.end),
      'a --stylize 1000',
    );
  });

  it('a value needs to be there, a flag takes none', () => {
    assert.deepEqual(errors('a --chaos'), ['--chaos needs a value.']);
    assert.equal(worst('a --tile yes'), 'warning');
  });

  it('a value with {…} is a permutation and is checked per variant, not as typed', () => {
    assert.deepEqual(errors('a --ar {1:1, 16:9}'), []);
  });
});

describe('paramTable: parsing and job counts', () => {
  it('parses image URLs, the subject and every parameter with offsets', () => {
    const text = 'https://x.test/a.png a red fox --ar 16:9 --no text, people --tile';
    const p = parsePrompt(text);
    assert.deepEqual(
      p.imageUrls.map((u) => u.url),
      ['https://x.test/a.png'],
    );
    assert.equal(p.subject, 'a red fox');
    assert.deepEqual(
      p.params.map((q) => [q.name, q.value]),
      [
        ['ar', '16:9'],
        ['no', 'text, people'],
        ['tile', undefined],
      ],
    );
    for (const q of p.params) assert.equal(text.slice(q.start, q.end), q.raw);
  });

  it('counts the jobs one submit starts: --r 4 is 4, permutations times --r, --bs for videos', () => {
    assert.equal(jobCount('a cat'), 1);
    assert.equal(jobCount('a cat --r 4'), 4);
    assert.equal(jobCount('a {red, blue} cat --r 3'), 6);
    assert.equal(jobCount('a cat --video --bs 4'), 4);
    assert.equal(jobCount('{a, b, c, d, e, f, g} {1, 2, 3, 4, 5, 6, 7}'), 40);
  });

  it('names what else multiplies the price', () => {
    assert.equal(priceNotes('a --v 8.1 --hd').length, 1);
    assert.deepEqual(priceNotes('a --v 8.1'), []);
  });
});
