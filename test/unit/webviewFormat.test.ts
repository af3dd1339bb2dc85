import * as assert from 'node:assert/strict';
import {
  buttonText,
  clampProgress,
  formatDuration,
  formatRelative,
  imageAlt,
  safeImageSrc,
  statusKind,
} from '../../src/webview/format';

describe('webview safeImageSrc', () => {
  it('lets through http(s) and the webview resource schemes', () => {
    for (const src of [
      'https://cdn.discordapp.com/attachments/1/2/grid_0.webp?ex=1&is=2&hm=3',
      'http://127.0.0.1:8080/mj/image/123',
      'https://file+.vscode-resource.vscode-cdn.net/home/u/.cache/mj/123.png',
      'vscode-webview-resource://abc/file///home/u/x.png',
      'vscode-resource:/home/u/x.png',
    ]) {
      assert.ok(safeImageSrc(src), src);
    }
  });

  it('refuses script, data, relative and garbage sources', () => {
    for (const src of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:image/png;base64,AAAA',
      'file:///etc/passwd',
      'blob:https://x/1',
      '//evil.example/x.png',
      '/x.png',
      'x.png',
      'https://',
      'https://a.example/x\u0000.png',
      '',
      undefined,
      42,
      'https://a.example/' + 'x'.repeat(9000),
    ]) {
      assert.equal(safeImageSrc(src), undefined, String(src));
    }
  });
});

describe('webview statusKind', () => {
  it('maps known statuses and keeps unknown ones apart', () => {
    assert.equal(statusKind('NOT_START'), 'queued');
    assert.equal(statusKind('SUBMITTED'), 'queued');
    assert.equal(statusKind(''), 'queued');
    assert.equal(statusKind('IN_PROGRESS'), 'running');
    assert.equal(statusKind('SUCCESS'), 'success');
    assert.equal(statusKind('FAILURE'), 'failure');
    assert.equal(statusKind('CANCEL'), 'cancelled');
    assert.equal(statusKind('MODAL'), 'modal');
    assert.equal(statusKind('PAUSED'), 'unknown');
    assert.equal(statusKind('success'), 'unknown');
  });
});

describe('webview formatting', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('clamps progress to a whole percentage', () => {
    assert.equal(clampProgress(46), 46);
    assert.equal(clampProgress(46.6), 47);
    assert.equal(clampProgress(-3), 0);
    assert.equal(clampProgress(130), 100);
    assert.equal(clampProgress(undefined), undefined);
    assert.equal(clampProgress(Number.NaN), undefined);
  });

  it('formats relative times coarsely', () => {
    assert.equal(formatRelative(now - 10_000, now), 'just now');
    assert.equal(formatRelative(now + 60_000, now), 'just now', 'server clock ahead');
    assert.equal(formatRelative(now - 60_000, now), '1 min ago');
    assert.equal(formatRelative(now - 7 * 60_000, now), '7 min ago');
    assert.equal(formatRelative(now - 3_599_000, now), '59 min ago', 'never "60 min ago"');
    assert.equal(formatRelative(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(formatRelative(now - 2 * 86_400_000 - 5, now), '2 d ago');
  });

  it('formats durations', () => {
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(90_000), '1 min 30 s');
    assert.equal(formatDuration(120_000), '2 min');
    assert.equal(formatDuration(2 * 3_600_000 + 10 * 60_000), '2 h 10 min');
    assert.equal(formatDuration(3_600_000), '1 h');
    assert.equal(formatDuration(-5_000), '0 s');
  });

  it('shows emoji and label once each', () => {
    assert.equal(buttonText({ emoji: '🔄', label: 'Reroll' }), '🔄 Reroll');
    assert.equal(buttonText({ emoji: '', label: 'U1' }), 'U1');
    assert.equal(buttonText({ emoji: '❤️', label: '' }), '❤️');
    assert.equal(buttonText({ emoji: '✨', label: '✨' }), '✨');
  });

  it('writes alt text from the prompt, cut when long', () => {
    assert.equal(imageAlt('a  cat\non a mat'), 'Result image for: a cat on a mat');
    assert.equal(imageAlt(''), 'Result image');
    const long = imageAlt('x'.repeat(500));
    assert.ok(long.length < 230 && long.endsWith('…'));
  });
});
