/**
 * The Vary Region mask as data: the shapes the user drew (in the image's own pixels), undo/redo, and the
 * rules that decide which pixels are painted. DOM-free, so the rules are tested in Node; the painter
 * section draws the same operations on a canvas.
 *
 * Semantics: operations are replayed in order over an all-black (keep) mask. A shape paints white
 * (repaint), `invert` swaps white and black, `clear` makes everything black again. Undo removes the last
 * operation, whatever it was, so Clear and Invert can be undone too.
 */

export type MaskTool = 'brush' | 'rect' | 'lasso';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export type MaskOp =
  | { kind: 'stroke'; size: number; points: readonly Point[] }
  | { kind: 'rect'; from: Point; to: Point }
  | { kind: 'lasso'; points: readonly Point[] }
  | { kind: 'invert' }
  | { kind: 'clear' };

export interface MaskHistory {
  /** Applied operations, oldest first. */
  readonly done: readonly MaskOp[];
  /** Undone operations, the most recently undone last. */
  readonly undone: readonly MaskOp[];
}

export const BRUSH_MIN = 4;
export const BRUSH_MAX = 400;
export const BRUSH_DEFAULT = 48;

/** An empty mask: nothing painted, nothing to undo. */
export function emptyHistory(): MaskHistory {
  return { done: [], undone: [] };
}

/** True when an operation would change nothing visible (a click with the rectangle tool, a 2-point lasso). */
export function isDegenerate(op: MaskOp): boolean {
  switch (op.kind) {
    case 'stroke':
      return op.points.length === 0 || !(op.size > 0);
    case 'rect':
      return Math.abs(op.to.x - op.from.x) < 1 || Math.abs(op.to.y - op.from.y) < 1;
    case 'lasso':
      return op.points.length < 3 || Math.abs(polygonArea(op.points)) < 1;
    case 'invert':
    case 'clear':
      return false;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** Adds an operation (a new one drops the redo stack); degenerate shapes are ignored. */
export function pushOp(h: MaskHistory, op: MaskOp): MaskHistory {
  if (isDegenerate(op)) return h;
  return { done: [...h.done, op], undone: [] };
}

export function canUndo(h: MaskHistory): boolean {
  return h.done.length > 0;
}

export function canRedo(h: MaskHistory): boolean {
  return h.undone.length > 0;
}

/** Takes back the last operation. */
export function undo(h: MaskHistory): MaskHistory {
  const last = h.done[h.done.length - 1];
  return last ? { done: h.done.slice(0, -1), undone: [...h.undone, last] } : h;
}

/** Applies the last undone operation again. */
export function redo(h: MaskHistory): MaskHistory {
  const last = h.undone[h.undone.length - 1];
  return last ? { done: [...h.done, last], undone: h.undone.slice(0, -1) } : h;
}

/** The operations that still matter for drawing: everything after the last clear. */
export function visibleOps(h: MaskHistory): readonly MaskOp[] {
  let from = 0;
  h.done.forEach((op, i) => {
    if (op.kind === 'clear') from = i + 1;
  });
  return h.done.slice(from);
}

/**
 * Whether the mask may paint anything. Exact for the usual cases (nothing drawn, cleared, inverted once);
 * a shape followed by an invert counts as painting (the invert of one shape leaves the rest white).
 */
export function paintsSomething(h: MaskHistory): boolean {
  let state: 'empty' | 'full' | 'mixed' = 'empty';
  for (const op of visibleOps(h)) {
    if (op.kind === 'invert') state = state === 'empty' ? 'full' : state === 'full' ? 'empty' : 'mixed';
    else if (op.kind !== 'clear' && state === 'empty') state = 'mixed';
  }
  return state !== 'empty';
}

/** Whether the pixel centre `p` ends up white (repaint) after replaying the history. */
export function isPainted(h: MaskHistory, p: Point): boolean {
  let painted = false;
  for (const op of h.done) {
    if (op.kind === 'clear') painted = false;
    else if (op.kind === 'invert') painted = !painted;
    else if (!painted && covers(op, p)) painted = true;
  }
  return painted;
}

/** Whether a shape covers a point (brush: within half the size of the line; lasso: non-zero winding). */
export function covers(op: Exclude<MaskOp, { kind: 'invert' | 'clear' }>, p: Point): boolean {
  switch (op.kind) {
    case 'stroke': {
      const r = op.size / 2;
      const pts = op.points;
      if (pts.length === 1) return dist(p, pts[0]!) <= r;
      for (let i = 1; i < pts.length; i++) if (distToSegment(p, pts[i - 1]!, pts[i]!) <= r) return true;
      return false;
    }
    case 'rect': {
      const r = normalizeRect(op.from, op.to);
      return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
    }
    case 'lasso':
      return windingNumber(p, op.points) !== 0;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** The rectangle between two corners, with a positive width and height. */
export function normalizeRect(a: Point, b: Point): { x: number; y: number; width: number; height: number } {
  return {
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(b.x - a.x),
    height: Math.abs(b.y - a.y),
  };
}

/**
 * Maps a pointer position (client pixels) to image pixels, given where the image is drawn on screen and
 * its natural size; clamped to the image so a drag that leaves it still ends on its edge.
 */
export function toImagePoint(
  client: Point,
  box: { left: number; top: number; width: number; height: number },
  image: Size,
): Point {
  if (!(box.width > 0) || !(box.height > 0)) return { x: 0, y: 0 };
  const x = ((client.x - box.left) / box.width) * image.width;
  const y = ((client.y - box.top) / box.height) * image.height;
  return { x: clamp(x, 0, image.width), y: clamp(y, 0, image.height) };
}

/** Appends a point unless it is closer than `minDistance` to the last one (keeps long strokes small). */
export function appendPoint(points: readonly Point[], p: Point, minDistance = 1): Point[] {
  const last = points[points.length - 1];
  if (last && dist(last, p) < minDistance) return [...points];
  return [...points, { x: round2(p.x), y: round2(p.y) }];
}

/** The brush size one step bigger (`direction` 1) or smaller (-1): about 20 % a step, within the limits. */
export function stepBrush(size: number, direction: 1 | -1): number {
  const next =
    direction > 0 ? Math.max(size + 1, Math.round(size * 1.2)) : Math.min(size - 1, Math.round(size / 1.2));
  return clampBrush(next);
}

/** A brush size within [BRUSH_MIN, BRUSH_MAX], whole pixels; the default for anything unusable. */
export function clampBrush(size: number): number {
  if (!Number.isFinite(size)) return BRUSH_DEFAULT;
  return clamp(Math.round(size), BRUSH_MIN, BRUSH_MAX);
}

/** A brush size that suits the image: about 6 % of its shorter side. */
export function defaultBrushFor(image: Size): number {
  const side = Math.min(image.width, image.height);
  return side > 0 ? clampBrush(side * 0.06) : BRUSH_DEFAULT;
}

/**
 * Turns the painter's canvas pixels (RGBA, painted = opaque) into the mask the server wants: opaque white
 * where at least half covered, opaque black elsewhere, so anti-aliased edges do not become grey.
 * Writes into `out` (same length) and returns how many pixels are white.
 */
export function binarizeMask(rgba: Uint8ClampedArray, out: Uint8ClampedArray): number {
  let white = 0;
  for (let i = 0; i + 3 < rgba.length; i += 4) {
    const v = rgba[i + 3]! >= 128 ? 255 : 0;
    if (v) white++;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = 255;
  }
  return white;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function distToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return dist(p, a);
  const t = clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0, 1);
  return dist(p, { x: a.x + t * dx, y: a.y + t * dy });
}

function polygonArea(pts: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return sum / 2;
}

/** Non-zero winding, the rule the canvas uses to fill the lasso (a self-crossing loop stays filled). */
function windingNumber(p: Point, pts: readonly Point[]): number {
  let wn = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    const side = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
    if (a.y <= p.y) {
      if (b.y > p.y && side > 0) wn++;
    } else if (b.y <= p.y && side < 0) wn--;
  }
  return wn;
}

/** Limits of a restored draft: the webview state is ours, but is read back as untrusted data. */
const DRAFT_OPS_MAX = 1000;
const DRAFT_POINTS_MAX = 50_000;

/**
 * The operations of a draft saved in the webview state (so a hidden and shown again panel keeps the mask),
 * or undefined when it is not exactly a list of well-formed operations inside an image of `image`'s size.
 */
export function parseDraftOps(raw: unknown, image: Size): MaskOp[] | undefined {
  if (!Array.isArray(raw) || raw.length > DRAFT_OPS_MAX) return undefined;
  let points = 0;
  const inside = (v: unknown): Point | undefined => {
    if (typeof v !== 'object' || v === null) return undefined;
    const { x, y } = v as Record<string, unknown>;
    if (typeof x !== 'number' || typeof y !== 'number') return undefined;
    if (!(x >= 0 && x <= image.width && y >= 0 && y <= image.height)) return undefined;
    return { x, y };
  };
  const list = (v: unknown): Point[] | undefined => {
    if (!Array.isArray(v)) return undefined;
    points += v.length;
    if (points > DRAFT_POINTS_MAX) return undefined;
    const out = v.map(inside);
    return out.every((p): p is Point => p !== undefined) ? out : undefined;
  };
  const ops: MaskOp[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) return undefined;
    const o = item as Record<string, unknown>;
    let op: MaskOp | undefined;
    if (o.kind === 'invert' || o.kind === 'clear') op = { kind: o.kind };
    else if (o.kind === 'stroke' && typeof o.size === 'number' && o.size === clampBrush(o.size)) {
      const pts = list(o.points);
      op = pts && { kind: 'stroke', size: o.size, points: pts };
    } else if (o.kind === 'lasso') {
      const pts = list(o.points);
      op = pts && { kind: 'lasso', points: pts };
    } else if (o.kind === 'rect') {
      const from = inside(o.from);
      const to = inside(o.to);
      op = from && to && { kind: 'rect', from, to };
    }
    if (!op || isDegenerate(op)) return undefined;
    ops.push(op);
  }
  return ops;
}
