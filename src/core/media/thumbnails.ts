/**
 * Gallery thumbnails: a picture (PNG or JPEG) shrunk to at most 256 px on its longer side and written as a
 * small JPEG, so a grid of 10,000 tiles never loads the full-size files. Pure functions over bytes; the work
 * runs in a worker thread (thumbnailWorker.ts), never on the extension host's thread.
 */
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sniffImageType } from './images';

export { thumbName } from './thumbName';

/** The longest edge of a thumbnail, in pixels. */
export const THUMB_MAX = 256;
const QUALITY = 78;

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decodes a PNG or JPEG to RGBA; throws for other types (WebP, GIF: no decoder is bundled). */
export function decodeImage(bytes: Uint8Array): Rgba {
  const type = sniffImageType(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'image/png') {
    const png = PNG.sync.read(buf);
    return { width: png.width, height: png.height, data: png.data };
  }
  if (type === 'image/jpeg') {
    const img = jpeg.decode(buf, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: 100,
      maxMemoryUsageInMB: 1024,
    });
    return { width: img.width, height: img.height, data: img.data };
  }
  throw new Error(`no thumbnail for ${type ?? 'an unknown type'}`);
}

/**
 * Shrinks by averaging each target pixel's whole source area (a box filter: no aliasing at 8× like plain
 * sampling), composited on white where the source is transparent (JPEG has no alpha).
 */
export function shrink(src: Rgba, max = THUMB_MAX): Rgba {
  const scale = Math.min(1, max / Math.max(src.width, src.height));
  const w = Math.max(1, Math.round(src.width * scale));
  const h = Math.max(1, Math.round(src.height * scale));
  const out = new Uint8Array(w * h * 4);
  const sx = src.width / w;
  const sy = src.height / h;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let yy = y0; yy < y1; yy++) {
        let i = (yy * src.width + x0) * 4;
        for (let xx = x0; xx < x1; xx++, i += 4) {
          const a = src.data[i + 3]! / 255;
          r += src.data[i]! * a + 255 * (1 - a);
          g += src.data[i + 1]! * a + 255 * (1 - a);
          b += src.data[i + 2]! * a + 255 * (1 - a);
          n++;
        }
      }
      const o = (y * w + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

/** A JPEG thumbnail (≤ THUMB_MAX px) of a PNG or JPEG picture. */
export function makeThumbnail(bytes: Uint8Array, max = THUMB_MAX): Uint8Array {
  const small = shrink(decodeImage(bytes), max);
  return new Uint8Array(
    jpeg.encode({ width: small.width, height: small.height, data: small.data }, QUALITY).data,
  );
}
