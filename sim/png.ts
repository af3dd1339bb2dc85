// The simulator draws its own images so that tests and demos see real, distinct PNGs without any
// network or asset files. A "scene" (gradient + a few shapes) is derived from a seed; grids put four
// related scenes in quadrants, upscales draw one quadrant's scene large, previews pixelate a grid.
import { PNG } from 'pngjs';

type Rgb = [number, number, number];

type Shape =
  | { type: 'circle'; cx: number; cy: number; r: number; color: Rgb; alpha: number }
  | { type: 'rect'; x0: number; y0: number; x1: number; y1: number; color: Rgb; alpha: number }
  | { type: 'stripes'; dx: number; dy: number; period: number; duty: number; color: Rgb; alpha: number };

interface Scene {
  from: Rgb;
  to: Rgb;
  /** Gradient direction as a unit vector. */
  gx: number;
  gy: number;
  shapes: Shape[];
}

/** FNV-1a: a stable 32-bit hash so the same prompt and task id always give the same picture. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes a seed with a small integer, e.g. to get the seed of one quadrant of a grid. */
export function subSeed(seed: number, n: number): number {
  return hashString(`${seed}:${n}`);
}

function rng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hsl(h: number, s: number, l: number): Rgb {
  const f = (n: number): number => {
    const k = (n + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

function makeScene(seed: number): Scene {
  const r = rng(seed);
  const hue = r();
  const angle = r() * Math.PI * 2;
  const shapes: Shape[] = [];
  const count = 3 + Math.floor(r() * 4);
  for (let i = 0; i < count; i++) {
    const color = hsl((hue + 0.25 + r() * 0.5) % 1, 0.55 + r() * 0.4, 0.3 + r() * 0.45);
    const alpha = 0.55 + r() * 0.4;
    const pick = r();
    if (pick < 0.5) {
      shapes.push({ type: 'circle', cx: r(), cy: r(), r: 0.08 + r() * 0.25, color, alpha });
    } else if (pick < 0.85) {
      const x0 = r() * 0.8;
      const y0 = r() * 0.8;
      shapes.push({ type: 'rect', x0, y0, x1: x0 + 0.1 + r() * 0.4, y1: y0 + 0.1 + r() * 0.4, color, alpha });
    } else {
      const a = r() * Math.PI;
      shapes.push({
        type: 'stripes',
        dx: Math.cos(a),
        dy: Math.sin(a),
        period: 0.06 + r() * 0.1,
        duty: 0.3 + r() * 0.3,
        color,
        alpha: alpha * 0.5,
      });
    }
  }
  return {
    from: hsl(hue, 0.6, 0.25 + r() * 0.2),
    to: hsl((hue + 0.1 + r() * 0.3) % 1, 0.7, 0.55 + r() * 0.25),
    gx: Math.cos(angle),
    gy: Math.sin(angle),
    shapes,
  };
}

/** An RGB pixel buffer with the region a scene is painted into. */
interface Canvas {
  data: Buffer;
  width: number;
  height: number;
}

function blendPixel(d: Buffer, i: number, c: Rgb, a: number): void {
  d[i] = d[i]! + (c[0] - d[i]!) * a;
  d[i + 1] = d[i + 1]! + (c[1] - d[i + 1]!) * a;
  d[i + 2] = d[i + 2]! + (c[2] - d[i + 2]!) * a;
}

// Painter's algorithm over spans: each shape touches only its own rows and columns, which keeps a
// 768x768 image well under the 30 ms budget (per-pixel shape tests were 3x slower).
function paintScene(cv: Canvas, s: Scene, x0: number, y0: number, w: number, h: number): void {
  const d = cv.data;
  const aspect = w / h;
  const [r0, g0, b0] = s.from;
  const dr = s.to[0] - r0;
  const dg = s.to[1] - g0;
  const db = s.to[2] - b0;
  const step = s.gx / w;
  for (let y = 0; y < h; y++) {
    let t = (y / h - 0.5) * s.gy + 0.5 - 0.5 * s.gx;
    let i = ((y0 + y) * cv.width + x0) * 3;
    for (let x = 0; x < w; x++, t += step) {
      const c = t < 0 ? 0 : t > 1 ? 1 : t;
      d[i++] = r0 + dr * c;
      d[i++] = g0 + dg * c;
      d[i++] = b0 + db * c;
    }
  }
  for (const sh of s.shapes) {
    if (sh.type === 'stripes') {
      for (let y = 0; y < h; y++) {
        const pv = ((y / h) * sh.dy) / sh.period;
        let i = ((y0 + y) * cv.width + x0) * 3;
        for (let x = 0; x < w; x++, i += 3) {
          const p = ((x / w) * sh.dx) / sh.period + pv;
          if (p - Math.floor(p) < sh.duty) blendPixel(d, i, sh.color, sh.alpha);
        }
      }
      continue;
    }
    const ya = Math.max(0, Math.floor((sh.type === 'rect' ? sh.y0 : sh.cy - sh.r) * h));
    const yb = Math.min(h - 1, Math.ceil((sh.type === 'rect' ? sh.y1 : sh.cy + sh.r) * h));
    for (let y = ya; y <= yb; y++) {
      let ua: number;
      let ub: number;
      if (sh.type === 'rect') {
        ua = sh.x0;
        ub = sh.x1;
      } else {
        const dy = y / h - sh.cy;
        const half = sh.r * sh.r - dy * dy;
        if (half < 0) continue;
        const dx = Math.sqrt(half) / aspect;
        ua = sh.cx - dx;
        ub = sh.cx + dx;
      }
      const xa = Math.max(0, Math.ceil(ua * w));
      const xb = Math.min(w - 1, Math.floor(ub * w));
      let i = ((y0 + y) * cv.width + x0 + xa) * 3;
      for (let x = xa; x <= xb; x++, i += 3) blendPixel(d, i, sh.color, sh.alpha);
    }
  }
}

function fillRect(cv: Canvas, x0: number, y0: number, w: number, h: number, c: Rgb, a = 1): void {
  for (let y = Math.max(0, y0); y < Math.min(cv.height, y0 + h); y++) {
    let i = (y * cv.width + Math.max(0, x0)) * 3;
    for (let x = Math.max(0, x0); x < Math.min(cv.width, x0 + w); x++, i += 3) blendPixel(cv.data, i, c, a);
  }
}

// 3x5 blocky digits, enough to label quadrants 1-4.
const DIGITS: Record<number, string[]> = {
  1: ['010', '110', '010', '010', '111'],
  2: ['111', '001', '111', '100', '111'],
  3: ['111', '001', '111', '001', '111'],
  4: ['101', '101', '111', '001', '001'],
};

/** A dark badge with the quadrant number, drawn at (x0, y0). */
function drawBadge(cv: Canvas, n: number, x0: number, y0: number, scale: number): void {
  fillRect(cv, x0, y0, 5 * scale, 7 * scale, [0, 0, 0], 0.7);
  const rows = DIGITS[n] ?? [];
  rows.forEach((row, ry) => {
    for (let rx = 0; rx < 3; rx++) {
      if (row[rx] === '1')
        fillRect(cv, x0 + (rx + 1) * scale, y0 + (ry + 1) * scale, scale, scale, [250, 250, 250]);
    }
  });
}

function newCanvas(width: number, height: number): Canvas {
  return { data: Buffer.alloc(width * height * 3), width, height };
}

function encode(cv: Canvas): Buffer {
  // RGB in and RGB out lets pngjs skip its per-pixel colour conversion (3-4x faster than RGBA).
  const png = new PNG({
    width: cv.width,
    height: cv.height,
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
  });
  png.data = cv.data;
  // Low deflate effort: images are rendered on request, latency matters more than size.
  return PNG.sync.write(png, {
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
    deflateLevel: 1,
    filterType: 2,
  });
}

/** Size of an image with the given aspect ratio ("W:H") and longest side. */
export function sizeFor(aspect: string | undefined, longest: number): { width: number; height: number } {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(aspect ?? '');
  let ratio = m ? Number(m[1]) / Number(m[2]) : 1;
  if (!Number.isFinite(ratio) || ratio <= 0) ratio = 1;
  ratio = Math.min(4, Math.max(0.25, ratio));
  const even = (n: number): number => Math.max(16, Math.round(n / 2) * 2);
  return ratio >= 1
    ? { width: longest, height: even(longest / ratio) }
    : { width: even(longest * ratio), height: longest };
}

function paintGrid(cv: Canvas, seeds: number[]): void {
  const { width, height } = cv;
  const gutter = Math.max(2, Math.round(Math.min(width, height) / 64));
  const cellW = Math.floor((width - gutter) / 2);
  const cellH = Math.floor((height - gutter) / 2);
  fillRect(cv, 0, 0, width, height, [236, 236, 236]);
  const scale = Math.max(1, Math.round(Math.min(cellW, cellH) / 40));
  for (let q = 0; q < 4; q++) {
    const x0 = (q % 2) * (width - cellW);
    const y0 = (q >> 1) * (height - cellH);
    paintScene(cv, makeScene(seeds[q] ?? q), x0, y0, cellW, cellH);
    drawBadge(cv, q + 1, x0 + 2 * scale, y0 + 2 * scale, scale);
  }
}

/** The seeds of the four quadrants of a grid whose own seed is `seed`. */
export function quadrantSeeds(seed: number): number[] {
  return [1, 2, 3, 4].map((n) => subSeed(seed, n));
}

/** A 2x2 grid (IMAGINE, VARIATION, REROLL, BLEND, ZOOM, PAN results) with numbered quadrants. */
export function renderGrid(seed: number, width = 512, height = 512): Buffer {
  const cv = newCanvas(width, height);
  paintGrid(cv, quadrantSeeds(seed));
  return encode(cv);
}

/** One large image (an upscale): the scene of `motifSeed`, e.g. `quadrantSeeds(parent)[n - 1]`. */
export function renderSingle(motifSeed: number, width = 768, height = 768): Buffer {
  const cv = newCanvas(width, height);
  paintScene(cv, makeScene(motifSeed), 0, 0, width, height);
  return encode(cv);
}

/**
 * A low-resolution, pixelated and washed-out version of the final image, as Midjourney shows while
 * rendering; the blocks get finer as `progress` (0-100) rises.
 */
export function renderPreview(
  seed: number,
  grid: boolean,
  progress: number,
  width = 128,
  height = 128,
): Buffer {
  const cv = newCanvas(width, height);
  if (grid) paintGrid(cv, quadrantSeeds(seed));
  else paintScene(cv, makeScene(seed), 0, 0, width, height);
  const block = Math.max(2, Math.round(12 * (1 - Math.min(100, Math.max(0, progress)) / 100)));
  const fade = 0.5 + progress / 250;
  const d = cv.data;
  for (let by = 0; by < height; by += block) {
    for (let bx = 0; bx < width; bx += block) {
      const c =
        (Math.min(height - 1, by + (block >> 1)) * width + Math.min(width - 1, bx + (block >> 1))) * 3;
      const grey = (d[c]! + d[c + 1]! + d[c + 2]!) / 3;
      const rgb: Rgb = [
        grey + (d[c]! - grey) * fade,
        grey + (d[c + 1]! - grey) * fade,
        grey + (d[c + 2]! - grey) * fade,
      ];
      fillRect(cv, bx, by, block, block, rgb);
    }
  }
  return encode(cv);
}
