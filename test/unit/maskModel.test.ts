import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import type { MaskHistory, MaskOp, Point } from '../../src/webview/maskModel';
import {
  BRUSH_MAX,
  BRUSH_MIN,
  appendPoint,
  binarizeMask,
  canRedo,
  canUndo,
  defaultBrushFor,
  emptyHistory,
  isPainted,
  paintsSomething,
  parseDraftOps,
  pushOp,
  redo,
  stepBrush,
  toImagePoint,
  undo,
  visibleOps,
} from '../../src/webview/maskModel';

const stroke: MaskOp = {
  kind: 'stroke',
  size: 20,
  points: [
    { x: 10, y: 50 },
    { x: 90, y: 50 },
  ],
};
const rect: MaskOp = { kind: 'rect', from: { x: 80, y: 80 }, to: { x: 60, y: 60 } };
const lasso: MaskOp = {
  kind: 'lasso',
  points: [
    { x: 0, y: 0 },
    { x: 30, y: 0 },
    { x: 0, y: 30 },
  ],
};

function build(...ops: MaskOp[]): MaskHistory {
  return ops.reduce(pushOp, emptyHistory());
}

const P = (x: number, y: number): Point => ({ x, y });

describe('Vary Region mask model: shapes', () => {
  it('paints along a brush stroke within half its size, and nothing beyond', () => {
    const h = build(stroke);
    assert.equal(isPainted(h, P(50, 50)), true);
    assert.equal(isPainted(h, P(50, 59)), true);
    assert.equal(isPainted(h, P(50, 61)), false);
    // Round caps: just past the end still counts, far past it does not.
    assert.equal(isPainted(h, P(95, 50)), true);
    assert.equal(isPainted(h, P(101, 50)), false);
  });

  it('paints a rectangle drawn from either corner, and a lasso by its outline', () => {
    const h = build(rect, lasso);
    assert.equal(isPainted(h, P(70, 70)), true);
    assert.equal(isPainted(h, P(85, 70)), false);
    assert.equal(isPainted(h, P(5, 5)), true);
    assert.equal(isPainted(h, P(20, 20)), false, 'outside the triangle’s hypotenuse');
  });

  it('fills a self-crossing lasso by non-zero winding, as the canvas does', () => {
    // A star drawn in one go: the centre is enclosed twice and must still be painted.
    const star: MaskOp = {
      kind: 'lasso',
      points: [P(50, 0), P(79, 90), P(2, 35), P(98, 35), P(21, 90)],
    };
    assert.equal(isPainted(build(star), P(50, 50)), true);
    assert.equal(isPainted(build(star), P(5, 5)), false);
  });

  it('ignores shapes that paint nothing: a click with the rectangle, a two-point lasso, an empty stroke', () => {
    const h = build(
      { kind: 'rect', from: P(5, 5), to: P(5.5, 40) },
      { kind: 'lasso', points: [P(0, 0), P(10, 10)] },
      { kind: 'stroke', size: 10, points: [] },
    );
    assert.equal(h.done.length, 0);
    assert.equal(canUndo(h), false);
  });
});

describe('Vary Region mask model: undo, redo, clear, invert', () => {
  it('undo removes the last shape and only that one; redo brings it back', () => {
    const h = build(stroke, rect);
    const undone = undo(h);
    assert.equal(isPainted(undone, P(70, 70)), false, 'the rectangle is gone');
    assert.equal(isPainted(undone, P(50, 50)), true, 'the stroke stays');
    assert.equal(canRedo(undone), true);
    const again = redo(undone);
    assert.equal(isPainted(again, P(70, 70)), true);
    assert.deepEqual(again, h);
  });

  it('a new shape after an undo drops the redo stack', () => {
    const h = pushOp(undo(build(stroke, rect)), lasso);
    assert.equal(canRedo(h), false);
    assert.equal(isPainted(h, P(70, 70)), false);
  });

  it('undo and redo at the ends change nothing', () => {
    const h = emptyHistory();
    assert.equal(undo(h), h);
    assert.equal(redo(h), h);
  });

  it('invert swaps painted and kept pixels, and inverting twice is the identity', () => {
    const h = build(stroke, { kind: 'invert' });
    assert.equal(isPainted(h, P(50, 50)), false);
    assert.equal(isPainted(h, P(5, 95)), true);
    const twice = pushOp(h, { kind: 'invert' });
    for (const p of [P(50, 50), P(5, 95), P(70, 70)]) {
      assert.equal(isPainted(twice, p), isPainted(build(stroke), p));
    }
  });

  it('a shape after an invert paints white again', () => {
    const h = build(stroke, { kind: 'invert' }, rect);
    assert.equal(isPainted(h, P(50, 50)), false);
    assert.equal(isPainted(h, P(70, 70)), true);
  });

  it('clear empties the mask and can itself be undone', () => {
    const cleared = build(stroke, { kind: 'clear' });
    assert.equal(isPainted(cleared, P(50, 50)), false);
    assert.deepEqual(visibleOps(cleared), []);
    assert.equal(isPainted(undo(cleared), P(50, 50)), true);
  });

  it('knows whether anything is painted: nothing, cleared, inverted-empty (all white), inverted back', () => {
    assert.equal(paintsSomething(emptyHistory()), false);
    assert.equal(paintsSomething(build(stroke)), true);
    assert.equal(paintsSomething(build(stroke, { kind: 'clear' })), false);
    assert.equal(paintsSomething(build({ kind: 'invert' })), true);
    assert.equal(paintsSomething(build({ kind: 'invert' }, { kind: 'invert' })), false);
  });
});

describe('Vary Region mask model: geometry and export', () => {
  it('maps screen points to image pixels whatever the zoom, clamped to the picture', () => {
    const box = { left: 100, top: 50, width: 384, height: 384 };
    const image = { width: 768, height: 768 };
    assert.deepEqual(toImagePoint(P(100, 50), box, image), P(0, 0));
    assert.deepEqual(toImagePoint(P(292, 242), box, image), P(384, 384));
    assert.deepEqual(toImagePoint(P(1000, -20), box, image), P(768, 0));
    assert.deepEqual(toImagePoint(P(10, 10), { left: 0, top: 0, width: 0, height: 0 }, image), P(0, 0));
  });

  it('drops pointer samples closer than the minimum distance', () => {
    let pts: Point[] = [];
    for (const p of [P(0, 0), P(0.2, 0.2), P(2, 0), P(2.5, 0)]) pts = appendPoint(pts, p, 1);
    assert.deepEqual(pts, [P(0, 0), P(2, 0)]);
  });

  it('steps the brush size by about a fifth and keeps it within its limits', () => {
    assert.equal(stepBrush(50, 1), 60);
    assert.equal(stepBrush(60, -1), 50);
    assert.equal(stepBrush(BRUSH_MIN, -1), BRUSH_MIN);
    assert.equal(stepBrush(BRUSH_MIN, 1), BRUSH_MIN + 1);
    assert.equal(stepBrush(BRUSH_MAX, 1), BRUSH_MAX);
    assert.equal(defaultBrushFor({ width: 1024, height: 768 }), 46);
  });

  it('binarizes the canvas by coverage into opaque white and black, a valid PNG for the server', () => {
    // 4 pixels: transparent, half covered (soft edge), mostly covered, fully painted.
    const rgba = new Uint8ClampedArray([0, 0, 0, 0, 200, 10, 10, 127, 200, 10, 10, 128, 200, 10, 10, 255]);
    const out = new Uint8ClampedArray(rgba.length);
    assert.equal(binarizeMask(rgba, out), 2);
    assert.deepEqual([...out], [0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
    const png = new PNG({ width: 2, height: 2 });
    png.data = Buffer.from(out);
    const back = PNG.sync.read(PNG.sync.write(png));
    assert.equal(back.data[12], 255);
    assert.equal(back.data[0], 0);
  });
});

describe('Vary Region mask model: a draft read back from the webview state', () => {
  const image = { width: 100, height: 100 };

  it('restores exactly what was saved', () => {
    const h = build(stroke, rect, { kind: 'invert' }, lasso, { kind: 'clear' });
    const ops = parseDraftOps(JSON.parse(JSON.stringify(h.done)), image);
    assert.deepEqual(ops, h.done);
  });

  it('refuses anything that is not a list of well-formed operations inside the picture', () => {
    const bad: unknown[] = [
      undefined,
      { kind: 'invert' },
      [{ kind: 'paint' }],
      [{ kind: 'stroke', size: 10, points: [{ x: 1, y: 'a' }] }],
      [{ kind: 'stroke', size: 10_000, points: [{ x: 1, y: 1 }] }],
      [{ kind: 'stroke', size: 10, points: [{ x: 101, y: 1 }] }],
      [{ kind: 'rect', from: { x: 1, y: 1 }, to: { x: 1, y: 50 } }],
      [{ kind: 'lasso', points: [{ x: 1, y: 1 }] }],
      Array.from({ length: 1001 }, () => ({ kind: 'invert' })),
    ];
    for (const raw of bad)
      assert.equal(parseDraftOps(raw, image), undefined, JSON.stringify(raw)?.slice(0, 60));
  });
});
