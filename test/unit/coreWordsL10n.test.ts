import * as assert from 'node:assert/strict';
import { changeButtonsFor, nameFromCustomId, toViewButton } from '../../src/core/api/buttons';
import { MjError } from '../../src/core/model/errors';
import { checkImages } from '../../src/core/media/imageInput';
import { NotPngError } from '../../src/core/media/quadrants';
import { maskSize } from '../../src/core/media/mask';
import { checkSet, paramInfo, validateParam } from '../../src/core/prompts/params';
import { validatePrompt } from '../../src/core/prompts/prompt';
import { TaskStore } from '../../src/core/tasks/store';
import { describeFilter } from '../../src/core/tasks/taskFilter';
import { statusGroupLabel } from '../../src/shared/statusWords';
import { TaskService, type SubmitApi } from '../../src/core/tasks/taskService';
import { relativeTime, statusWords } from '../../src/core/model/words';
import { setL10nBundle } from '../../src/shared/l10n';
import { MemoryKv, mkTask } from './storeFixtures';
import { zhBundle } from './testUtils';

const ZH = zhBundle();

/** A service over an empty store whose server knows no task, and a finished grid without server buttons. */
async function service(): Promise<{ tasks: TaskService; store: TaskStore }> {
  const store = new TaskStore(new MemoryKv());
  let seq = 100;
  const submit = () =>
    Promise.resolve({
      code: 1,
      taskId: String(seq++),
      description: '',
      needsModal: false,
      properties: {},
    });
  const api = { fetchTask: () => Promise.resolve(undefined), change: submit } as unknown as SubmitApi;
  await store.add({
    task: mkTask('grid', { status: 'SUCCESS', progress: 100 }),
    origin: { kind: 'imagine' },
    createdAt: 1,
    updatedAt: 1,
  });
  return { tasks: new TaskService({ client: () => api, store, track: () => undefined }), store };
}

async function rejection(p: Promise<unknown>): Promise<MjError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof MjError, String(e));
    return e;
  }
  assert.fail('expected a rejection');
}

describe('the core speaks Chinese with the zh-cn bundle', () => {
  beforeEach(() => setL10nBundle(ZH));
  afterEach(() => setL10nBundle(undefined));

  it('status words and status groups', () => {
    const expected: Record<string, string> = {
      NOT_START: '排队中',
      SUBMITTED: '已提交',
      IN_PROGRESS: '运行中',
      SUCCESS: '已完成',
      FAILURE: '失败',
      CANCEL: '已取消',
      MODAL: '等待输入',
      '': '等待服务器',
    };
    for (const [status, zh] of Object.entries(expected)) assert.equal(statusWords(status), zh, status);
    // An unknown status is server text: quoted as sent, inside the Chinese sentence.
    assert.equal(statusWords('PAUSED'), '未知状态“PAUSED”');
    assert.equal(statusGroupLabel('failed'), '失败或已取消');
    assert.equal(statusGroupLabel('waiting'), '等待输入');
  });

  it('relative times keep their numbers', () => {
    const now = 1_700_000_000_000;
    assert.equal(relativeTime(now - 10_000, now), '刚刚');
    assert.equal(relativeTime(now - 3 * 60_000, now), '3 分钟前');
    assert.equal(relativeTime(now - 2 * 3_600_000, now), '2 小时前');
    assert.equal(relativeTime(now - 5 * 86_400_000, now), '5 天前');
  });

  it('the filter description', () => {
    assert.equal(
      describeFilter({ starred: true, statuses: ['done', 'failed'], withinDays: 7, text: ' fox ' }),
      '已加星标 · 已完成、失败或已取消 · 过去 7 天 · “fox”',
    );
    assert.equal(describeFilter({ withinDays: 1 }), '过去 24 小时');
  });

  it('prompt checks', () => {
    assert.equal(validatePrompt('   '), '请输入提示词：不能为空。');
    assert.equal(validatePrompt('x'.repeat(6001)), '提示词过长（超过 6,000 个字符）。');
    assert.equal(validatePrompt('a fox'), undefined);
  });

  it('composer errors and warnings keep the flags and numbers', () => {
    const bad = checkSet({ ar: '0:1', stylize: '99999', v: '6', niji: '6' });
    assert.equal(bad.errors.ar, '--ar 必须是正整数的 宽:高，例如 16:9。');
    assert.equal(bad.errors.stylize, '--stylize 必须是 0 到 1000 之间的整数。');
    assert.deepEqual(bad.warnings, [
      '--v 和 --niji 选择了两个不同的模型：只保留一个（以 niji 为准；服务器可能两个都拒绝）。',
    ]);
    // --v 8 is a version now; the table's sentences, in Chinese, with the flags and numbers kept.
    assert.equal(validateParam('v', '8'), undefined);
    assert.equal(
      validateParam('iw', '2.5', { family: 'v', version: '5', known: true }),
      '--iw 必须是 0 到 2 之间的数。',
    );
    assert.equal(validateParam('iw', '4'), '--iw 必须是 0 到 3 之间的数。');
    const chaos = paramInfo('chaos');
    assert.equal(chaos.label, '--chaos');
    assert.equal(chaos.hint, '四张图片之间的差异程度：0-100');
  });

  it('task service errors say what happened in Chinese, with the id kept', async () => {
    const { tasks } = await service();
    const gone = await rejection(tasks.pressButton('nope', 'MJ::JOB::upsample::1::x'));
    assert.equal(gone.message, '该任务已不在你的列表中。');
    const notOffered = await rejection(tasks.pressButton('grid', 'MJ::JOB::upsample::1::x'));
    assert.equal(notOffered.message, '服务器没有为此任务提供该按钮。');
    assert.equal(notOffered.hint, '请刷新任务后重试。');
    const unknown = await rejection(tasks.track('abc123'));
    assert.equal(unknown.message, '服务器上没有 ID 为 abc123 的任务。');
    assert.equal(unknown.hint, '请检查 ID；服务器会在一段时间后清除旧任务。');
  });

  it('labels we give: Chinese words, U1…V4 and 🔄 as Midjourney shows them', async () => {
    assert.equal(nameFromCustomId('MJ::JOB::reroll::0::abc::SOLO'), '重新生成');
    assert.equal(nameFromCustomId('MJ::Outpaint::50::1::abc::SOLO'), '拉远 2x');
    assert.equal(nameFromCustomId('MJ::JOB::pan_left::1::abc::SOLO'), '向左平移');
    assert.equal(nameFromCustomId('MJ::JOB::upsample_v6_2x_subtle::1::abc::SOLO'), '放大（细微）');
    assert.equal(nameFromCustomId('MJ::JOB::upsample_v5_4x::1::abc::SOLO'), '放大（4x）');
    assert.equal(nameFromCustomId('MJ::JOB::animate_high::1::abc::SOLO'), '生成动画（高运动）');
    assert.equal(nameFromCustomId('MJ::Inpaint::1::abc::SOLO'), '局部重绘');
    assert.equal(nameFromCustomId('MJ::JOB::upsample::3::abc'), 'U3');
    // The server's own label is its text: it stays as sent.
    assert.equal(
      toViewButton({ customId: 'MJ::JOB::reroll::0::x', label: 'Reroll', emoji: '', style: 2 }).label,
      'Reroll',
    );

    const grid = mkTask('g', { status: 'SUCCESS' });
    const labels = changeButtonsFor(grid).map((b) => `${b.emoji}${b.label}`);
    assert.deepEqual(labels, ['U1', 'U2', 'U3', 'U4', 'V1', 'V2', 'V3', 'V4', '重新生成']);

    // The child of a /submit/change reroll is named in the tree in the UI language.
    const { tasks } = await service();
    const out = await tasks.pressButton('grid', 'change:REROLL:0');
    assert.equal(out.record.origin.label, '重新生成');
    assert.equal((await tasks.pressButton('grid', 'change:UPSCALE:2')).record.origin.label, 'U2');
  });

  it('image, mask and quadrant problems keep names and sizes', () => {
    assert.equal(
      checkImages([{ name: 'cat.png', size: 6 * 1024 * 1024 }]),
      'cat.png 的大小为 6 MB；图片不能超过 5 MB。',
    );
    assert.equal(
      checkImages([{ name: 'a.png', size: 9 }], { min: 2, max: 5 }),
      '请至少选择 2 张图片（当前为 1 张）。',
    );
    assert.equal(
      checkImages(
        [
          { name: 'a.png', size: 9 },
          { name: 'b.png', size: 9 },
        ],
        { min: 1, max: 1 },
      ),
      '最多只能选择 1 张图片（当前为 2 张）。',
    );
    assert.equal(
      checkImages([{ name: 'notes.txt', size: 9 }]),
      'notes.txt 不是 PNG、JPEG、WebP 或 GIF 图片。',
    );
    assert.equal(maskSize('data:image/jpeg;base64,AAAA'), '蒙版不是 PNG 图片。');
    assert.equal(
      new NotPngError('image/jpeg').message,
      '目前只能将 PNG 网格图拆分为四格；此图片的类型为 image/jpeg。',
    );
  });

  it('is English again once the bundle is gone', () => {
    setL10nBundle(undefined);
    assert.equal(statusWords('SUCCESS'), 'Done');
    assert.equal(nameFromCustomId('MJ::JOB::reroll::0::abc::SOLO'), 'Reroll');
    assert.equal(
      checkSet({ stylize: '99999' }).errors.stylize,
      '--stylize must be a whole number from 0 to 1000.',
    );
  });
});
