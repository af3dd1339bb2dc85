/**
 * Fuzzes the panel → host path: whatever a (compromised or buggy) webview posts goes through
 * `parseWebviewMessage`, the panel's own-task gate (`isForPanel`) and `TaskService.pressButton` over a
 * real TaskStore. Nothing may crash with anything but an MjError, and every submit that reaches the
 * (fake) server must be a button that server offered for that task, or a `change:` pseudo-button on a
 * finished grid that came without buttons.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { changeButtonsFor } from '../../src/core/api/buttons';
import type { ChangeParams, ActionParams } from '../../src/core/api/client';
import { MjError } from '../../src/core/model/errors';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskService, type SubmitApi } from '../../src/core/tasks/taskService';
import type { SubmitResult, Task, TaskButton } from '../../src/core/model/types';
import { isForPanel, parseWebviewMessage } from '../../src/shared/protocol';
import { MemoryKv, mkTask } from './storeFixtures';

const HASH = 'fdbb61a0-ef59-495e-89c6-082932a1ccbc';

function btn(customId: string, label: string, emoji = ''): TaskButton {
  return { customId, label, emoji, style: 2 };
}

const gridButtons = [
  ...[1, 2, 3, 4].map((i) => btn(`MJ::JOB::upsample::${i}::${HASH}`, `U${i}`)),
  btn(`MJ::JOB::reroll::0::${HASH}::SOLO`, '', '🔄'),
  ...[1, 2, 3, 4].map((i) => btn(`MJ::JOB::variation::${i}::${HASH}`, `V${i}`)),
];
const upscaleButtons = [
  btn(`MJ::JOB::upsample_v6_2x_subtle::1::${HASH}::SOLO`, 'Upscale (Subtle)'),
  btn(`MJ::Outpaint::50::1::${HASH}::SOLO`, 'Zoom Out 2x'),
  btn(`MJ::CustomZoom::${HASH}`, 'Custom Zoom'),
  btn(`MJ::JOB::pan_left::1::${HASH}::SOLO`, '', '⬅️'),
];

/** The tasks in the store before each case: their ids are what the fuzzer aims at. */
const seeded: Task[] = [
  mkTask('1700000000001', { status: 'SUCCESS', progress: 100, buttons: gridButtons }),
  mkTask('1700000000002', { status: 'SUCCESS', action: 'UPSCALE', progress: 100, buttons: upscaleButtons }),
  // novicezk: a finished grid without buttons, where U/V/reroll go through /submit/change.
  mkTask('1700000000003', { status: 'SUCCESS', progress: 100, buttons: [] }),
  // An upscale without buttons: no pseudo-buttons either (the panel shows none).
  mkTask('1700000000004', { status: 'SUCCESS', action: 'UPSCALE', progress: 100, buttons: [] }),
  // Buttons on tasks that are not finished must not be pressable through `change:` either.
  mkTask('1700000000005', { status: 'IN_PROGRESS', progress: 46, buttons: [] }),
  mkTask('1700000000006', { status: 'FAILURE', failReason: 'banned', buttons: [] }),
];
const seededIds = seeded.map((t) => t.id);
const allCustomIds = [...gridButtons, ...upscaleButtons].map((b) => b.customId);
const pseudoIds = [
  'change:UPSCALE:1',
  'change:UPSCALE:4',
  'change:VARIATION:2',
  'change:REROLL:0',
  // Near misses the parser must refuse.
  'change:UPSCALE:0',
  'change:UPSCALE:5',
  'change:REROLL:1',
  'change:upscale:1',
  'change:UPSCALE:1 ',
  'change:VARIATION:2\n',
  'change:',
];

/** A client that records every submit, like the simulator's request log, and sometimes refuses one. */
class RecordingApi implements SubmitApi {
  readonly submits: { endpoint: 'action' | 'change'; body: ActionParams | ChangeParams }[] = [];
  private seq = 0;
  private answer(endpoint: 'action' | 'change', body: ActionParams | ChangeParams): Promise<SubmitResult> {
    this.submits.push({ endpoint, body });
    this.seq++;
    if (this.seq % 7 === 0) {
      return Promise.reject(new MjError({ kind: 'business', message: 'The server refused.', code: 4 }));
    }
    return Promise.resolve({
      code: this.seq % 5 === 0 ? 21 : 1,
      taskId: `18000000${String(this.seq).padStart(5, '0')}`,
      description: 'Submit success',
      needsModal: this.seq % 5 === 0,
      properties: {},
    });
  }
  // A press must reach only change/action: every other endpoint fails the case loudly.
  imagine = (): Promise<never> => Promise.reject(new Error('imagine must not be called'));
  modal = (): Promise<never> => Promise.reject(new Error('modal must not be called'));
  fetchTask = (): Promise<never> => Promise.reject(new Error('fetchTask must not be called'));
  blend = (): Promise<never> => Promise.reject(new Error('blend must not be called'));
  describe = (): Promise<never> => Promise.reject(new Error('describe must not be called'));
  shorten = (): Promise<never> => Promise.reject(new Error('shorten must not be called'));
  cancel = (): Promise<never> => Promise.reject(new Error('cancel must not be called'));
  imageSeed = (): Promise<never> => Promise.reject(new Error('imageSeed must not be called'));
  change: SubmitApi['change'] = (p) => this.answer('change', p);
  action: SubmitApi['action'] = (p) => this.answer('action', p);
}

/** Builds an object whose own keys include ones that would pollute prototypes if copied naively. */
function hostile(base: Record<string, unknown>, extra: [string, unknown][]): unknown {
  const json = JSON.stringify(base).slice(0, -1);
  const more = extra.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`).join(',');
  // JSON.parse makes `__proto__` an own property, as a structured-clone or JSON message would.
  return JSON.parse(`${json}${json.length > 1 && more ? ',' : ''}${more}}`);
}

const hugeString = fc.integer({ min: 129, max: 200_000 }).map((n) => 'A'.repeat(n));
const anyTaskId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...seededIds) },
  { weight: 2, arbitrary: fc.stringMatching(/^[\w.:-]{1,20}$/) },
  fc.constantFrom(
    '',
    ' 1700000000001',
    '1700000000001\n',
    '../1700000000001',
    '1700000000001\u0000',
    '__proto__',
  ),
  fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 2 })),
  hugeString,
);
const anyCustomId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...allCustomIds) },
  { weight: 3, arbitrary: fc.constantFrom(...pseudoIds) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  fc.constantFrom(...allCustomIds).map((id) => id.replace(HASH, '00000000-0000-0000-0000-000000000000')),
  fc.constantFrom(...allCustomIds).map((id) => `${id} `),
  fc.constantFrom(...allCustomIds).map((id) => id.toUpperCase()),
  fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined), fc.object()),
  hugeString,
);
const nearValid = fc
  .record({
    type: fc.oneof(
      { weight: 8, arbitrary: fc.constant('action') },
      fc.constantFrom('ready', 'retry', 'refresh', 'copyPrompt', 'openParent', 'ACTION', 'action '),
      fc.oneof(fc.integer(), fc.constant(null), fc.string()),
    ),
    target: fc.oneof(
      // A coherent press: one of the task's own buttons or a pseudo-button, the case that must work.
      {
        weight: 3,
        arbitrary: fc.constantFrom(...seeded).chain((t) =>
          fc.record({
            taskId: fc.constant(t.id),
            customId: fc.constantFrom(...t.buttons.map((b) => b.customId), ...pseudoIds),
          }),
        ),
      },
      fc.record({ taskId: anyTaskId, customId: anyCustomId }),
    ),
  })
  .map(({ type, target }) => ({ type, ...target }))
  .chain((base) =>
    fc
      .array(
        fc.tuple(
          fc.constantFrom(
            '__proto__',
            'constructor',
            'prototype',
            'toString',
            'hasOwnProperty',
            'type',
            'taskId',
          ),
          fc.oneof(fc.jsonValue(), fc.constant({ polluted: true, taskId: seededIds[0] })),
        ),
        { maxLength: 3 },
      )
      .map((extra) => hostile(base, extra)),
  );
const anything = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  stringUnit: 'binary',
});

describe('Panel messages, fuzzed through parseWebviewMessage and TaskService.pressButton', function () {
  this.timeout(120_000);

  it('never crashes and only ever submits a button the server offered for that task (10,000 cases)', async () => {
    const api = new RecordingApi();
    const store = new TaskStore(new MemoryKv());
    for (const t of seeded) {
      await store.add({ task: t, origin: { kind: 'imagine' }, createdAt: 1, updatedAt: 1 });
    }
    const service = new TaskService({ client: () => api, store, track: () => undefined });
    const stats = { parsed: 0, actions: 0, refused: 0, sent: 0 };

    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: nearValid }, { weight: 1, arbitrary: anything }),
        fc.constantFrom(...seededIds),
        fc.integer({ min: 0, max: 3 }),
        async (raw, otherPanel, dice) => {
          // Mostly the panel of the task the message names (the usual case), sometimes another one.
          const named =
            typeof raw === 'object' && raw !== null ? (raw as { taskId?: unknown }).taskId : undefined;
          const panelTaskId = dice > 0 && typeof named === 'string' ? named : otherPanel;
          const msg = parseWebviewMessage(raw);
          if (!msg) return;
          stats.parsed++;
          if (msg.type !== 'action' || !isForPanel(msg, panelTaskId)) return;
          stats.actions++;
          const before = api.submits.length;
          try {
            await service.pressButton(msg.taskId, msg.customId);
          } catch (e) {
            assert.ok(e instanceof MjError, `pressButton threw a non-MjError: ${String(e)}`);
          }
          assert.ok(api.submits.length - before <= 1, 'one press sent more than one submit');
          if (api.submits.length === before) stats.refused++;
        },
      ),
      { numRuns: 10_000, seed: Number(process.env.FUZZ_SEED ?? 4242) },
    );

    // Judge every submit that left, against what the server offered for the task it names.
    for (const { endpoint, body } of api.submits) {
      const parent = seeded.find((t) => t.id === body.taskId);
      assert.ok(parent, `a submit named a task that was never offered: ${JSON.stringify(body)}`);
      if (endpoint === 'action') {
        const { customId } = body as ActionParams;
        assert.ok(
          parent.buttons.some((b) => b.customId === customId),
          `sent customId ${JSON.stringify(customId)} that task ${parent.id} never offered`,
        );
      } else {
        const { action, index } = body as ChangeParams;
        const offered = changeButtonsFor(parent).map((b) => b.customId);
        const sent = `change:${action}:${action === 'REROLL' ? 0 : String(index)}`;
        assert.ok(
          offered.includes(sent),
          `sent ${sent} for task ${parent.id}, which offers ${offered.join(', ') || 'no change buttons'}`,
        );
      }
    }
    stats.sent = api.submits.length;
    // The fuzzer must have exercised both outcomes, or the assertions above prove nothing.
    assert.ok(stats.sent > 300, `only ${stats.sent} submits were sent: ${JSON.stringify(stats)}`);
    assert.ok(stats.refused > 500, `only ${stats.refused} presses were refused: ${JSON.stringify(stats)}`);
    assert.ok(
      api.submits.some((s) => s.endpoint === 'change'),
      'no change: pseudo-button was ever sent',
    );
    // Prototype-pollution keys in messages must not have reached Object.prototype.
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).taskId, undefined);
    console.log(`      ${JSON.stringify(stats)}`);
  });

  it('the own-task gate: ready always passes, everything else only for the panel task', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seededIds), fc.constantFrom(...seededIds), (a, b) => {
        for (const type of ['retry', 'refresh', 'copyPrompt', 'openParent'] as const) {
          assert.equal(isForPanel({ type, taskId: a }, b), a === b);
        }
        assert.equal(isForPanel({ type: 'action', taskId: a, customId: 'x' }, b), a === b);
        assert.equal(isForPanel({ type: 'ready' }, b), true);
      }),
    );
  });
});
