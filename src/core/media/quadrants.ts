/**
 * Splitting a grid into its four pictures. Its own module because it carries the PNG codec (pngjs), which only
 * Save Quadrants needs: the code that names files and links images loads at activation without it.
 */
import { PNG } from 'pngjs';
import { t } from '../../shared/l10n';
import { sniffImageType } from './images';

/** Thrown for a grid that is not a PNG: we only split PNGs for now (no JPEG/WebP decoder is bundled). */
export class NotPngError extends Error {
  constructor(readonly contentType: string | undefined) {
    super(
      contentType === undefined
        ? t('Only PNG grids can be split into quadrants for now; this image is of an unknown type.')
        : t('Only PNG grids can be split into quadrants for now; this image is {0}.', contentType),
    );
  }
}

/**
 * Crops a 2x2 grid into its four quadrants, in Midjourney's order (1 top-left, 2 top-right, 3 bottom-left,
 * 4 bottom-right), each a PNG of half the width and half the height (an odd last pixel row/column is dropped
 * so all four are the same size).
 */
export function cropQuadrants(png: Uint8Array): Uint8Array[] {
  const type = sniffImageType(png);
  if (type !== 'image/png') throw new NotPngError(type);
  const src = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const w = Math.floor(src.width / 2);
  const h = Math.floor(src.height / 2);
  if (w < 1 || h < 1) throw new Error(t('The image is too small to split into quadrants.'));
  const out: Uint8Array[] = [];
  for (const [qx, qy] of [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ] as const) {
    const dst = new PNG({ width: w, height: h });
    PNG.bitblt(src, dst, qx * w, qy * h, w, h, 0, 0);
    out.push(new Uint8Array(PNG.sync.write(dst)));
  }
  return out;
}
