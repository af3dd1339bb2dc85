/**
 * Draws the mask operations of maskModel.ts on a canvas, and turns that canvas into the PNG the server
 * gets. The canvas only ever holds the mask (never the picture): a picture from another origin would
 * taint it and `toDataURL` would throw.
 */
import { t } from '../shared/l10n';
import type { MaskOp, Point, Size } from './maskModel';
import { binarizeMask, normalizeRect } from './maskModel';

type Shape = Exclude<MaskOp, { kind: 'invert' | 'clear' }>;

/** Adds the outline of a lasso or rectangle to the current path. */
function tracePolygon(g: CanvasRenderingContext2D, points: readonly Point[]): void {
  g.beginPath();
  points.forEach((p, i) => (i === 0 ? g.moveTo(p.x, p.y) : g.lineTo(p.x, p.y)));
  g.closePath();
}

/** Paints one shape in `color` (full alpha: the painted area is whatever is opaque). */
export function drawShape(g: CanvasRenderingContext2D, op: Shape, color: string): void {
  g.fillStyle = color;
  g.strokeStyle = color;
  switch (op.kind) {
    case 'stroke': {
      const [first, ...rest] = op.points;
      if (!first) return;
      if (rest.length === 0) {
        g.beginPath();
        g.arc(first.x, first.y, op.size / 2, 0, Math.PI * 2);
        g.fill();
        return;
      }
      g.lineWidth = op.size;
      g.lineCap = 'round';
      g.lineJoin = 'round';
      g.beginPath();
      g.moveTo(first.x, first.y);
      for (const p of rest) g.lineTo(p.x, p.y);
      g.stroke();
      return;
    }
    case 'rect': {
      const r = normalizeRect(op.from, op.to);
      g.fillRect(r.x, r.y, r.width, r.height);
      return;
    }
    case 'lasso':
      tracePolygon(g, op.points);
      g.fill('nonzero');
      return;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** Redraws the whole mask from its operations (only those after the last clear are passed). */
export function drawMask(
  g: CanvasRenderingContext2D,
  ops: readonly MaskOp[],
  size: Size,
  color: string,
): void {
  g.save();
  g.globalCompositeOperation = 'source-over';
  g.clearRect(0, 0, size.width, size.height);
  for (const op of ops) {
    if (op.kind === 'clear') {
      g.clearRect(0, 0, size.width, size.height);
    } else if (op.kind === 'invert') {
      // xor with an opaque layer swaps painted and unpainted (alpha a becomes 1 - a at soft edges).
      g.globalCompositeOperation = 'xor';
      g.fillStyle = color;
      g.fillRect(0, 0, size.width, size.height);
      g.globalCompositeOperation = 'source-over';
    } else {
      drawShape(g, op, color);
    }
  }
  g.restore();
}

/** What the overlay shows while the pointer is busy: the shape being drawn and the brush outline. */
export interface OverlayState {
  shape?: Shape;
  /** The brush outline under the pointer: centre and diameter in image pixels. */
  ring?: { at: Point; size: number };
  /** Image pixels per screen pixel, so outlines stay thin whatever the zoom. */
  scale: number;
}

/** Draws the in-progress shape half transparent (as the mask shows) plus crisp outlines. */
export function drawOverlay(
  g: CanvasRenderingContext2D,
  state: OverlayState,
  size: Size,
  colors: { mask: string; line: string; halo: string },
): void {
  g.clearRect(0, 0, size.width, size.height);
  const shape = state.shape;
  if (shape) {
    g.save();
    g.globalAlpha = 0.5;
    drawShape(g, shape, colors.mask);
    g.restore();
    if (shape.kind === 'lasso' || shape.kind === 'rect') {
      const pts =
        shape.kind === 'lasso'
          ? shape.points
          : [shape.from, { x: shape.to.x, y: shape.from.y }, shape.to, { x: shape.from.x, y: shape.to.y }];
      outline(g, state.scale, colors, () => tracePolygon(g, pts));
    }
  }
  if (state.ring) {
    const { at, size: d } = state.ring;
    outline(g, state.scale, colors, () => {
      g.beginPath();
      g.arc(at.x, at.y, Math.max(d / 2, state.scale), 0, Math.PI * 2);
    });
  }
}

/** Strokes a path twice (a wide halo under a thin line) so it shows on light and dark pictures. */
function outline(
  g: CanvasRenderingContext2D,
  scale: number,
  colors: { line: string; halo: string },
  trace: () => void,
): void {
  g.save();
  trace();
  g.lineWidth = 3 * scale;
  g.strokeStyle = colors.halo;
  g.stroke();
  g.lineWidth = 1.5 * scale;
  g.strokeStyle = colors.line;
  g.stroke();
  g.restore();
}

/**
 * The mask as the server wants it: a PNG of the canvas's size, opaque white where painted and opaque
 * black elsewhere. `white` is the number of white pixels (0: nothing to repaint).
 */
export function exportMask(mask: HTMLCanvasElement): { dataUrl: string; white: number } {
  const { width, height } = mask;
  const src = mask.getContext('2d');
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const g = out.getContext('2d');
  if (!src || !g) throw new Error(t('The browser gave no 2D canvas.'));
  const pixels = src.getImageData(0, 0, width, height);
  const result = g.createImageData(width, height);
  const white = binarizeMask(pixels.data, result.data);
  g.putImageData(result, 0, 0);
  return { dataUrl: out.toDataURL('image/png'), white };
}
