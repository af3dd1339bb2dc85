import * as assert from 'node:assert/strict';
import { expandPermutations, PERMUTATION_CAP } from '../../src/core/prompts/permutations';
import { jobCount } from '../../src/core/prompts/paramTable';
import { hoverAt, suggestAt } from '../../src/core/prompts/promptAssist';
import { checkPromptFile, PromptMemo } from '../../src/core/prompts/promptCheck';
import {
  offsetOf,
  parsePromptFile,
  positionOf,
  promptAtLine,
  STARTER,
} from '../../src/core/prompts/promptFile';
import { latestRun, recordsByPrompt, resultLine } from '../../src/core/tasks/promptLens';
import type { TaskRecord } from '../../src/core/tasks/record';

describe('prompt files: the parser', () => {
  it('reads one prompt per non-empty line and skips # comments', () => {
    const text = '# a comment\n\na red fox --ar 16:9\n   # indented comment\n  a blue bird  \n';
    const prompts = parsePromptFile(text, 'mjprompt');
    assert.deepEqual(
      prompts.map((p) => p.text),
      ['a red fox --ar 16:9', 'a blue bird'],
    );
    assert.deepEqual(prompts[1].start, { line: 4, character: 2 });
    assert.deepEqual(prompts[1].end, { line: 4, character: 13 });
  });

  it('joins a line ending in \\ with the next one, and maps offsets back to both lines', () => {
    const text = 'space ship \\\n   --v 6.1 \\\n --s 100\nnext';
    const prompts = parsePromptFile(text, 'mjprompt');
    assert.deepEqual(
      prompts.map((p) => p.text),
      ['space ship --v 6.1 --s 100', 'next'],
    );
    const p = prompts[0];
    assert.deepEqual(p.start, { line: 0, character: 0 });
    assert.deepEqual(p.end, { line: 2, character: 8 });
    const v = p.text.indexOf('--v');
    assert.deepEqual(positionOf(p, v), { line: 1, character: 3 });
    assert.equal(offsetOf(p, { line: 2, character: 1 }), p.text.indexOf('--s'));
    assert.equal(promptAtLine(prompts, 1), p);
    assert.equal(promptAtLine(prompts, 3), prompts[1]);
  });

  it('ends a continued prompt at an empty line, and keeps a # on a continuation line as text', () => {
    const prompts = parsePromptFile('a \\\n# not a comment\nb \\\n\nc', 'mjprompt');
    assert.deepEqual(
      prompts.map((p) => p.text),
      ['a # not a comment', 'b', 'c'],
    );
  });

  it('in Markdown reads only ```midjourney (and ~~~midjourney) blocks, knowing where each block ends', () => {
    const md = [
      '# Title', // 0
      'a prompt-looking line outside', // 1
      '```midjourney', // 2
      '# comment', // 3
      'a cat --v 7', // 4
      '```', // 5
      '```js', // 6
      'not a prompt', // 7
      '```', // 8
      '~~~ midjourney', // 9
      'a dog \\', // 10
      '  --ar 1:1', // 11
      '~~~', // 12
      '```midjourney', // 13
      'unclosed', // 14
    ].join('\n');
    const prompts = parsePromptFile(md, 'markdown');
    assert.deepEqual(
      prompts.map((p) => [p.text, p.start.line, p.fenceEnd]),
      [
        ['a cat --v 7', 4, 5],
        ['a dog --ar 1:1', 10, 12],
        ['unclosed', 14, 14],
      ],
    );
  });

  it('New Prompt File’s starter has three prompts without errors, one of them four jobs', () => {
    const { prompts, issues } = checkPromptFile(STARTER, 'mjprompt');
    assert.equal(prompts.length, 3);
    assert.deepEqual(
      issues.filter((i) => i.severity === 'error'),
      [],
    );
    assert.equal(jobCount(prompts[1].text), 4);
    assert.match(prompts[2].text, /^space::2 ship::1, watercolor --v 6\.1 --s 100$/);
  });

  it('handles CRLF line ends', () => {
    const prompts = parsePromptFile('# c\r\na \\\r\nb\r\n', 'mjprompt');
    assert.deepEqual(
      prompts.map((p) => p.text),
      ['a b'],
    );
  });
});

describe('prompt files: checks, completion and hover over the parameter table', () => {
  it('puts an error on --ar 1:0, in the document position of its line', () => {
    const { issues } = checkPromptFile('# c\na fox --ar 1:0', 'mjprompt');
    const error = issues.find((i) => i.severity === 'error');
    assert.ok(error, JSON.stringify(issues));
    assert.equal(error.start.line, 1);
    assert.ok(error.start.character >= 'a fox '.length && error.end.character <= 'a fox --ar 1:0'.length);
  });

  it('warns about --cref on V7 with a certain fix to --oref, and not on V6', () => {
    const v7 = checkPromptFile('a fox --cref https://x.test/a.png --v 7', 'mjprompt').issues;
    const cref = v7.find((i) => i.param === 'cref' || /cref/.test(i.message));
    assert.ok(cref, JSON.stringify(v7));
    assert.equal(cref.severity, 'warning');
    assert.ok(cref.fix);
    assert.match(cref.fix.replacement, /oref/);
    const v6 = checkPromptFile('a fox --cref https://x.test/a.png --v 6', 'mjprompt').issues;
    assert.equal(
      v6.filter((i) => i.severity !== 'info' && /cref/.test(i.message)).length,
      0,
      JSON.stringify(v6),
    );
  });

  it('offers a fix that clamps an out-of-range value', () => {
    const issues = checkPromptFile('a fox --s 5000', 'mjprompt').issues;
    const fix = issues.find((i) => i.fix)?.fix;
    assert.ok(fix, JSON.stringify(issues));
    assert.equal(fix.replacement, '1000');
    assert.deepEqual(fix.start, { line: 0, character: 'a fox --s '.length });
  });

  it('with a memo gives the same issues after an edit as a cold pass', () => {
    const memo = new PromptMemo();
    const before = 'a fox --ar 1:0\na cat --s 100\n# c\na dog --s 5000';
    checkPromptFile(before, 'mjprompt', memo);
    const after = '# new line\na fox --ar 16:9\na cat --s 100\n# c\na dog --s 5000';
    assert.deepEqual(checkPromptFile(after, 'mjprompt', memo), checkPromptFile(after, 'mjprompt'));
    assert.deepEqual(checkPromptFile(before, 'mjprompt', memo), checkPromptFile(before, 'mjprompt'));
  });

  it('puts an issue on a continuation line where the parameter is written', () => {
    const { issues } = checkPromptFile('a fox \\\n  --ar 1:0', 'mjprompt');
    const error = issues.find((i) => i.severity === 'error');
    assert.ok(error);
    assert.equal(error.start.line, 1);
  });

  it('completes --oref after -- on a --v 7 line but not on --v 6', () => {
    const names = (text: string) => (suggestAt(text, text.length)?.items ?? []).map((s) => s.label);
    assert.ok(names('a fox --v 7 --').includes('--oref'));
    assert.ok(!names('a fox --v 6 --').includes('--oref'));
    assert.ok(names('a fox --v 6 --').includes('--ar'));
    const at = suggestAt('a fox --v 7 --o', 'a fox --v 7 --o'.length);
    assert.equal(at?.start, 'a fox --v 7 '.length);
    assert.ok(at?.items.every((s) => s.doc.length > 0));
  });

  it('completes the values of a parameter after its name', () => {
    const text = 'a fox --ar ';
    const values = suggestAt(text, text.length)?.items.map((s) => s.label) ?? [];
    assert.ok(values.includes('16:9'), values.join());
    assert.equal(suggestAt('a fox', 3), undefined);
  });

  it('hovers a parameter with its doc and its range on this version', () => {
    const text = 'a fox --s 100 --v 7';
    const info = hoverAt(text, text.indexOf('--s') + 1);
    assert.ok(info);
    assert.equal(info.spec.name, 'stylize');
    assert.ok(info.range && info.range.max >= 1000);
    assert.equal(info.model.version, '7');
    assert.equal(hoverAt(text, 1), undefined);
  });
});

describe('prompt files: permutations and job counts (the params helper’s functions)', () => {
  it('expands every combination, one variant per job', () => {
    const e = expandPermutations('a {red, blue} bird --ar {1:1, 16:9}');
    assert.equal(e.variants.length, 4);
    assert.ok(e.variants.includes('a blue bird --ar 16:9'), e.variants.join(' | '));
    assert.equal(jobCount('a {red, blue} bird --ar {1:1, 16:9}'), 4);
    assert.equal(jobCount('a bird'), 1);
  });

  it('expands nested braces and keeps escaped commas', () => {
    const nested = expandPermutations('a {cat, {red, blue} dog}').variants;
    assert.deepEqual([...nested].sort(), ['a blue dog', 'a cat', 'a red dog']);
    const escaped = expandPermutations('a {salt\\, pepper, sugar} bowl').variants;
    assert.deepEqual([...escaped].sort(), ['a salt, pepper bowl', 'a sugar bowl']);
  });

  it('caps the variants at 40 like Midjourney', () => {
    const e = expandPermutations('{a,b,c,d,e,f,g} {1,2,3,4,5,6,7}');
    assert.equal(PERMUTATION_CAP, 40);
    assert.equal(e.variants.length, 40);
    assert.equal(e.total, 49);
    assert.ok(e.capped);
  });
});

function rec(id: string, over: Partial<TaskRecord> & { status?: string; progress?: number }): TaskRecord {
  const { status = 'SUCCESS', progress, ...rest } = over;
  return {
    task: {
      id,
      action: 'IMAGINE',
      status,
      prompt: 'p',
      promptEn: '',
      description: '',
      state: '',
      submitTime: 0,
      buttons: [],
      ...(progress !== undefined ? { progress } : {}),
      ...(status === 'SUCCESS' ? { imageUrl: `https://img.test/${id}.png` } : {}),
      ...(status === 'FAILURE' ? { failReason: 'banned   prompt\nword' } : {}),
    },
    origin: { kind: 'imagine' },
    createdAt: 0,
    updatedAt: 0,
    ...rest,
  };
}

describe('prompt files: the lens model', () => {
  const uri = 'file:///w/a.mjprompt';
  const source = { uri, text: 'a fox' };

  it('finds a prompt’s tasks by file and text only', () => {
    const by = recordsByPrompt(
      [
        rec('1', { source, createdAt: 1 }),
        rec('2', { source: { uri, text: 'a fox --v 7' }, createdAt: 2 }),
        rec('3', { source: { uri: 'file:///w/b.mjprompt', text: 'a fox' }, createdAt: 3 }),
        rec('4', {}),
      ],
      uri,
    );
    assert.deepEqual(
      by.get('a fox')?.map((r) => r.task.id),
      ['1'],
    );
    assert.equal(by.get('a fox --v 8'), undefined);
  });

  it('shows the newest run: its mean progress while running, then its images', () => {
    const batch = { id: 'b1', size: 2 };
    const running = recordsByPrompt(
      [
        rec('old', { source, createdAt: 1, status: 'FAILURE' }),
        rec('x', { source, batch, createdAt: 2, status: 'IN_PROGRESS', progress: 40 }),
        rec('y', { source, batch, createdAt: 3, status: 'SUBMITTED' }),
      ],
      uri,
    ).get('a fox');
    const run = latestRun(running ?? []);
    assert.deepEqual(run?.state, { kind: 'running', percent: 20, tasks: 2 });
    assert.deepEqual(run?.taskIds, ['y', 'x']);
    assert.equal(run?.resultId, undefined);
    const done = latestRun([
      rec('y', { source, batch, createdAt: 3 }),
      rec('x', { source, batch, createdAt: 2 }),
    ]);
    assert.deepEqual(done?.state, { kind: 'done', images: 8, failed: 0 });
    assert.equal(done?.resultId, 'y');
  });

  it('says why a run failed, on one line', () => {
    const run = latestRun([rec('f', { source, status: 'FAILURE' })]);
    assert.deepEqual(run?.state, { kind: 'failed', reason: 'banned prompt word' });
    assert.deepEqual(latestRun([rec('c', { source, status: 'CANCEL' })])?.state, {
      kind: 'failed',
      reason: 'cancelled',
    });
  });

  it('writes the result as a Markdown link or a # → comment', () => {
    assert.equal(resultLine('markdown', '![a](x.png)'), '![a](x.png)');
    assert.equal(resultLine('mjprompt', '![a](x.png)'), '# → ![a](x.png)');
  });
});
