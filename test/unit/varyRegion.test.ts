/**
 * Vary Region outside the canvas: which tasks take a mask, the host's PNG check, the strict message
 * parser, and when the panel shows the painter.
 */
import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { isInpaintModal, maskSize } from '../../src/core/media/mask';
import type { ViewTask } from '../../src/shared/protocol';
import { MASK_DATA_URL_MAX, MASK_SUBMIT_KEY, parseWebviewMessage } from '../../src/shared/protocol';
import { toViewTask } from '../../src/webview/hostMessage';
import { initialModel, reducePanel } from '../../src/webview/panelModel';
import { buildView } from '../../src/webview/viewModel';
import { mkRecord, mkTask } from './storeFixtures';

const INPAINT = 'MJ::Inpaint::1::fdbb61a0-ef59-495e-89c6-082932a1ccbc::SOLO';

function pngDataUrl(width: number, height: number): string {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

describe('Vary Region: which tasks take a mask', () => {
  it('is a MODAL task that came from the Vary (Region) button, nothing else', () => {
    const modal = mkRecord('1', 0, {
      task: mkTask('1', { status: 'MODAL' }),
      origin: { kind: 'action', customId: INPAINT },
    });
    assert.equal(isInpaintModal(modal), true);
    assert.equal(isInpaintModal({ ...modal, task: { ...modal.task, status: 'SUBMITTED' } }), false);
    assert.equal(
      isInpaintModal({ ...modal, origin: { kind: 'action', customId: 'MJ::CustomZoom::h' } }),
      false,
    );
    assert.equal(isInpaintModal({ ...modal, origin: { kind: 'imagine' } }), false);
  });
});

describe('Vary Region: the host reads the mask size from the PNG header', () => {
  it('accepts a real PNG and reports its size', () => {
    assert.deepEqual(maskSize(pngDataUrl(768, 512)), { width: 768, height: 512 });
  });

  it('refuses what is not a PNG, or a PNG of an unusable size', () => {
    assert.match(String(maskSize('data:image/png;base64,R0lGODlhAQABAAAAACw=')), /not a PNG/);
    assert.match(String(maskSize('data:image/jpeg;base64,/9j/4AAQ')), /not a PNG/);
    assert.match(String(maskSize('data:image/png;base64,iVBORw0KGgo=')), /not a PNG/);
    const huge = Buffer.from(pngDataUrl(1, 1).slice(22), 'base64');
    huge.writeUInt32BE(10_000, 16);
    assert.match(String(maskSize(`data:image/png;base64,${huge.toString('base64')}`)), /unusable size/);
  });
});

describe('Vary Region: the submitMask message', () => {
  const ok = {
    type: 'submitMask',
    taskId: '1732612345123',
    prompt: 'a red door',
    maskDataUrl: pngDataUrl(4, 4),
  };

  it('passes a well-formed message and drops extra fields', () => {
    assert.deepEqual(parseWebviewMessage({ ...ok, extra: 1 }), {
      type: 'submitMask',
      taskId: ok.taskId,
      prompt: ok.prompt,
      maskDataUrl: ok.maskDataUrl,
    });
    assert.ok(parseWebviewMessage({ ...ok, prompt: '' }), 'an empty prompt lets the server use the parent’s');
  });

  it('refuses bad ids, prompts and anything but a base64 PNG data URL within 8 MB', () => {
    const bad: Record<string, unknown>[] = [
      { taskId: '../etc' },
      { taskId: 42 },
      { prompt: 7 },
      { prompt: 'x'.repeat(6001) },
      { maskDataUrl: undefined },
      { maskDataUrl: 'data:image/jpeg;base64,/9j/4AAQ' },
      { maskDataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' },
      { maskDataUrl: 'data:image/png;base64,' },
      { maskDataUrl: 'data:image/png;base64,abc' },
      { maskDataUrl: 'data:image/png;base64,ab<c' },
      { maskDataUrl: `${ok.maskDataUrl}\n` },
      { maskDataUrl: 'https://example.com/mask.png' },
      { maskDataUrl: `data:image/png;base64,${'A'.repeat(MASK_DATA_URL_MAX)}` },
    ];
    for (const over of bad)
      assert.equal(parseWebviewMessage({ ...ok, ...over }), undefined, JSON.stringify(over).slice(0, 80));
  });
});

describe('Vary Region: the panel shows the painter', () => {
  const modal: ViewTask = {
    id: '1732612345999',
    action: 'VARIATION',
    status: 'MODAL',
    statusLabel: 'Waiting for input',
    running: false,
    prompt: 'a lighthouse',
    description: 'Waiting for window confirm',
    isPreview: false,
    buttons: [],
    parentId: '1732612345123',
    painter: { imageSrc: 'https://file+.vscode-resource.vscode-cdn.net/img/p.png', prompt: 'a lighthouse' },
  };

  it('for a MODAL task with a picture, instead of the empty image frame', () => {
    const view = buildView(reducePanel(initialModel(), { type: 'state', task: modal }), 0);
    assert.equal(view.painter?.imageSrc, modal.painter!.imageSrc);
    assert.equal(view.painter?.prompt, 'a lighthouse');
    assert.equal(view.painter?.busy, false);
    assert.equal(view.image, undefined);
  });

  it('marks Submit busy until the host answers, and not for any other status', () => {
    let model = reducePanel(initialModel(), { type: 'state', task: modal });
    model = reducePanel(model, { type: 'clicked', customId: MASK_SUBMIT_KEY });
    assert.equal(buildView(model, 0).painter?.busy, true);
    model = reducePanel(model, { type: 'busy', customId: MASK_SUBMIT_KEY, busy: false });
    assert.equal(buildView(model, 0).painter?.busy, false);
    const started = buildView(
      reducePanel(model, { type: 'state', task: { ...modal, status: 'SUBMITTED' } }),
      0,
    );
    assert.equal(started.painter, undefined);
    assert.ok(started.image);
  });

  it('keeps the painter field through the webview’s message reader, and refuses unsafe picture links', () => {
    assert.deepEqual(toViewTask(JSON.parse(JSON.stringify(modal)))?.painter, modal.painter);
    const js = { ...modal, painter: { imageSrc: 'javascript:alert(1)', prompt: '' } };
    assert.equal(buildView(reducePanel(initialModel(), { type: 'state', task: js }), 0).painter, undefined);
  });
});
