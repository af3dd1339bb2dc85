import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveButton } from '../../src/core/agents/buttons';
import { formatTask } from '../../src/core/agents/format';
import { journalLine, readJournal } from '../../src/core/agents/journal';
import {
  AGENT_TOOL_NAMES,
  INPUT_SCHEMAS,
  jobCount,
  parseAction,
  parseImagine,
  parseSave,
  parseTask,
  safeRelativePath,
  TOOL_DESCRIPTIONS,
} from '../../src/core/agents/tools';
import type { MjError } from '../../src/core/model/errors';
import type { TaskRecord } from '../../src/core/tasks/store';
import { repoRoot } from '../vscode/tools';

function rec(over: Partial<TaskRecord['task']> = {}): TaskRecord {
  return {
    task: {
      id: '1700000000001',
      action: 'IMAGINE',
      status: 'SUCCESS',
      prompt: 'a lighthouse\nat dusk --ar 16:9',
      promptEn: '',
      description: '',
      state: '',
      imageUrl: 'https://cdn.example/1.png',
      buttons: [
        { customId: 'MJ::JOB::upsample::1::abc', label: 'U1', emoji: '', style: 2 },
        { customId: 'MJ::JOB::upsample::2::abc', label: 'U2', emoji: '', style: 2 },
        { customId: 'MJ::JOB::reroll::0::abc::SOLO', label: '', emoji: '🔄', style: 2 },
        { customId: 'MJ::JOB::low_variation::1::abc::SOLO', label: 'Vary (Subtle)', emoji: '', style: 2 },
      ],
      ...over,
    },
    origin: { kind: 'imagine', by: 'agent' },
    createdAt: 1,
    updatedAt: 1,
  };
}

describe('agent tools: the core both hosts share', () => {
  it('package.json declares exactly the five tools with the core’s schemas and descriptions', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: {
        languageModelTools: {
          name: string;
          inputSchema: unknown;
          modelDescription: string;
          canBeReferencedInPrompt: boolean;
          toolReferenceName: string;
        }[];
        mcpServerDefinitionProviders: { id: string }[];
      };
    };
    const tools = pkg.contributes.languageModelTools;
    assert.deepEqual(
      tools.map((t) => t.name),
      [...AGENT_TOOL_NAMES],
    );
    for (const t of tools) {
      assert.deepEqual(t.inputSchema, INPUT_SCHEMAS[t.name as keyof typeof INPUT_SCHEMAS], t.name);
      assert.equal(t.modelDescription, TOOL_DESCRIPTIONS[t.name as keyof typeof TOOL_DESCRIPTIONS]);
      assert.equal(t.canBeReferencedInPrompt, true);
      assert.ok(t.toolReferenceName);
    }
    assert.deepEqual(
      pkg.contributes.mcpServerDefinitionProviders.map((p) => p.id),
      ['midjourney-studio.mcp'],
    );
  });

  it('validates inputs before anything is sent', () => {
    assert.deepEqual(parseImagine({ prompt: ' cat ', waitSeconds: 500 }), {
      prompt: 'cat',
      imagePaths: undefined,
      waitSeconds: 120,
    });
    assert.throws(() => parseImagine({ prompt: '  ' }), /needs "prompt"/);
    assert.throws(() => parseImagine({ prompt: 'x', imagePaths: ['a', 1] }), /list of file paths/);
    assert.throws(() => parseImagine(null), /must be an object/);
    assert.throws(() => parseTask({ taskId: '../etc/passwd' }), /is not a task id/);
    assert.throws(() => parseTask({ taskId: '1', waitSeconds: -1 }), /waitSeconds/);
    assert.deepEqual(parseAction({ taskId: '1', button: ' U2 ' }), {
      taskId: '1',
      button: 'U2',
      prompt: undefined,
    });
    assert.throws(() => parseSave({ taskId: '1', quadrant: 5 }), /quadrant/);
    assert.throws(() => safeRelativePath('../outside.png'), /leaves the workspace/);
    assert.deepEqual(safeRelativePath('./docs//img/'), ['docs', 'img']);
  });

  it('counts the jobs a prompt starts (--repeat, permutations)', () => {
    assert.equal(jobCount('a cat'), 1);
    assert.equal(jobCount('a cat --repeat 3'), 3);
    assert.equal(jobCount('a cat --r 2 --ar 16:9'), 2);
    assert.equal(jobCount('a {red, blue} cat'), 2);
    assert.equal(jobCount('a {red, blue} cat --r 2'), 4);
  });

  it('names a button by customId, label (any case and spacing) or emoji; refuses anything else', () => {
    const r = rec();
    assert.equal(resolveButton(r, 'MJ::JOB::upsample::2::abc').label, 'U2');
    assert.equal(resolveButton(r, 'u1').customId, 'MJ::JOB::upsample::1::abc');
    assert.equal(resolveButton(r, 'vary (subtle)').customId, 'MJ::JOB::low_variation::1::abc::SOLO');
    assert.equal(resolveButton(r, '🔄').customId, 'MJ::JOB::reroll::0::abc::SOLO');
    assert.throws(
      () => resolveButton(r, 'U4'),
      (e: MjError) =>
        /did not offer the button "U4".*Offered: U1, U2, Reroll, Vary \(Subtle\)\./s.test(e.userMessage),
    );
    assert.throws(() => resolveButton(rec({ status: 'IN_PROGRESS' }), 'U1'), /offers no buttons/);
    // A grid without server buttons (novicezk): our U/V set through /submit/change.
    assert.equal(resolveButton(rec({ buttons: [] }), 'V3').customId, 'change:VARIATION:3');
  });

  it('answers in the short stable format, server text on one line', () => {
    const text = formatTask(rec(), { file: '/tmp/1.png', children: ['2'] });
    assert.deepEqual(
      text.split('\n').map((l) => l.split(':')[0]),
      ['taskId', 'status', 'action', 'prompt', 'buttons', 'file', 'imageUrl', 'children', 'next'],
    );
    assert.match(text, /^prompt: a lighthouse at dusk --ar 16:9$/m);
    assert.match(text, /^buttons: U1 \[MJ::JOB::upsample::1::abc\] \| U2 /m);
  });

  it('the journal keeps the newest line per task and skips torn lines', () => {
    const a = rec();
    const b = { ...rec(), task: { ...rec().task, status: 'FAILURE' } };
    const text =
      journalLine('http://127.0.0.1:1', a) + '{"v":1,"torn' + '\n' + journalLine('http://127.0.0.1:1', b);
    const entries = readJournal(text);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].record.task.status, 'FAILURE');
    assert.equal(entries[0].server, 'http://127.0.0.1:1');
  });
});
