/**
 * The panel in Chinese: with the zh-cn bundle set (as main.ts sets it from the page before the first paint),
 * the view the sections draw speaks Chinese, while server text (prompt, failReason, button labels) stays as
 * the server sent it. Without a bundle it is the English the other webview tests match.
 */
import * as assert from 'node:assert/strict';
import { setL10nBundle } from '../../src/shared/l10n';
import type { ViewTask } from '../../src/shared/protocol';
import { sentence } from '../../src/webview/dom';
import { formatDuration, formatRelative, groupTitle, imageAlt } from '../../src/webview/format';
import { toViewTask } from '../../src/webview/hostMessage';
import { promptsView, stalledView } from '../../src/webview/operationsView';
import { initialModel } from '../../src/webview/panelModel';
import { buildView } from '../../src/webview/viewModel';
import { videosView } from '../../src/webview/videosView';
import { zhBundle } from './testUtils';
import { NOW, task as baseTask, vb, withState } from './webviewFixtures';

const ZH = zhBundle();

/** The shared grid, as the Chinese panel gets it: a Chinese status word and our group names to translate. */
function task(over: Partial<ViewTask> = {}): ViewTask {
  return baseTask({
    statusLabel: '已完成',
    prompt: 'a red lantern in the snow',
    description: '',
    finishTime: NOW - 5 * 60_000 + 30_000,
    buttons: [
      vb('MJ::JOB::upsample::1::h', 'upscale', 'U1'),
      vb('MJ::JOB::variation::1::h', 'variation', 'V1'),
      vb('MJ::JOB::reroll::0::h::SOLO', 'reroll', 'Reroll', '🔄'),
      vb('MJ::JOB::pan_left::1::h::SOLO', 'pan', 'Pan Left', '⬅️'),
      vb('MJ::Custom::x', 'other', ''),
    ],
    ...over,
  });
}

describe('webview in the UI language (zh-cn bundle)', () => {
  beforeEach(() => setL10nBundle(ZH));
  afterEach(() => setL10nBundle(undefined));

  it('says loading, queued and working in Chinese', () => {
    assert.equal(buildView(initialModel('123'), NOW).loadingText, '正在加载任务 123…');
    assert.equal(buildView(initialModel(), NOW).loadingText, '正在加载任务…');
    const queued = buildView(
      withState(task({ status: 'NOT_START', running: true, progress: undefined })),
      NOW,
    );
    assert.deepEqual(queued.progress, { percent: undefined, text: '正在排队…' });
    const working = buildView(
      withState(task({ status: 'IN_PROGRESS', running: true, progress: undefined })),
      NOW,
    );
    assert.equal(working.progress?.text, '正在处理…');
    assert.equal(working.image?.emptyText, '还没有图片');
  });

  it('titles the button groups in Chinese and keeps the server labels as sent', () => {
    const view = buildView(withState(task()), NOW);
    assert.deepEqual(
      view.buttons?.map((g) => [g.title, g.buttons.map((b) => b.text)]),
      [
        ['放大', ['U1']],
        ['变体', ['V1']],
        ['重新生成', ['🔄 Reroll']],
        ['平移', ['⬅️ Pan Left']],
        // A button the server sent without a label or emoji gets our word for it.
        ['其他', ['操作']],
      ],
    );
    assert.deepEqual(
      (['upscale', 'variation', 'reroll', 'vary', 'zoom', 'pan', 'video', 'other'] as const).map(groupTitle),
      ['放大', '变体', '重新生成', '变化', '缩放', '平移', '视频', '其他'],
    );
  });

  it('labels the times and says how long ago and how long it took in Chinese', () => {
    const times = buildView(withState(task()), NOW).times;
    assert.deepEqual(
      times?.rows.map((r) => [r.label, r.relative]),
      [
        ['已提交', '7 分钟前'],
        ['已开始', '6 分钟前'],
        ['已完成', '4 分钟前'],
      ],
    );
    assert.equal(times?.duration, '1 分 30 秒');
    assert.equal(formatRelative(NOW - 10_000, NOW), '刚刚');
    assert.equal(formatRelative(NOW - 3 * 3_600_000, NOW), '3 小时前');
    assert.equal(formatRelative(NOW - 2 * 86_400_000, NOW), '2 天前');
    assert.equal(formatDuration(42_000), '42 秒');
    assert.equal(formatDuration(120_000), '2 分钟');
    assert.equal(formatDuration(2 * 3_600_000 + 10 * 60_000), '2 小时 10 分钟');
    assert.equal(formatDuration(3_600_000), '1 小时');
  });

  it('words a failure in Chinese but shows the server reason untouched', () => {
    const failed = buildView(
      withState(
        task({ status: 'FAILURE', statusLabel: '失败', failReason: 'Banned prompt', imageSrc: undefined }),
      ),
      NOW,
    );
    assert.deepEqual(failed.failure, { title: '任务失败', reason: 'Banned prompt' });
    const silent = buildView(withState(task({ status: 'FAILURE', failReason: undefined })), NOW);
    assert.deepEqual(silent.failure, { title: '任务失败', reason: '服务器没有给出原因。' });
    const cancelled = buildView(withState(task({ status: 'CANCEL' })), NOW);
    assert.equal(cancelled.failure?.title, '任务已取消');
  });

  it('names the prompt lists, the stalled state, the clips and the picture in Chinese', () => {
    assert.equal(promptsView(task({ action: 'DESCRIBE', resultPrompts: ['a', 'b'] }))?.title, '建议的提示词');
    assert.equal(promptsView(task({ action: 'SHORTEN', resultPrompts: ['a'] }))?.title, '精简后的提示词');
    assert.match(
      stalledView(task({ stalled: true, running: true, status: 'IN_PROGRESS', progress: 46 }))?.message ?? '',
      /^它已停在 46% 很长时间了。.*“重试”会再次提交/,
    );
    assert.match(
      stalledView(task({ stalled: true, running: true, status: 'IN_PROGRESS', progress: undefined }))
        ?.message ?? '',
      /^它已经很长时间没有进展了。/,
    );
    const clips = videosView(
      task({
        videoCount: 2,
        videos: [{ index: 0, src: 'https://file+.vscode-resource.vscode-cdn.net/c0.mp4' }],
      }),
    );
    assert.deepEqual(
      clips?.items.map((c) => c.label),
      ['片段 1'],
    );
    assert.equal(imageAlt(''), '结果图片');
    assert.equal(imageAlt('a cat'), '结果图片：a cat');
    // A prompt with hole-like text stays as typed (holes are filled once, from the translation only).
    assert.equal(imageAlt('a {0} cat'), '结果图片：a {0} cat');
  });

  it('falls back to Chinese "unknown" when the host sent no status word', () => {
    assert.equal(toViewTask({ id: '1' })?.statusLabel, '未知');
  });

  it('puts elements into a translated sentence where its language wants them', () => {
    const code = { nodeName: 'CODE' } as unknown as Node;
    assert.deepEqual(sentence('服务器报告的状态为 {0}。按原样显示。', code), [
      '服务器报告的状态为 ',
      code,
      '。按原样显示。',
    ]);
    assert.deepEqual(sentence('{0} 之后', code), [code, ' 之后']);
    // A hole without a node stays as text rather than vanishing.
    assert.deepEqual(sentence('a {1} b', code), ['a ', '{1}', ' b']);
  });

  it('is English again without a bundle (the words are looked up at render time, not at load)', () => {
    setL10nBundle(undefined);
    const view = buildView(withState(task()), NOW);
    assert.deepEqual(
      view.buttons?.map((g) => g.title),
      ['Upscale', 'Variations', 'Reroll', 'Pan', 'Other'],
    );
    assert.equal(view.times?.rows[0]?.label, 'Submitted');
    setL10nBundle(ZH);
    assert.equal(buildView(withState(task()), NOW).times?.rows[0]?.label, '已提交');
  });
});
