/**
 * The gallery's HTML, a pure function of its inputs (unit-tested like the result panel's): the same strict
 * CSP with a fresh nonce, the UI language, and the l10n bundle read before the first paint.
 */
import { webviewDocument, type PanelHtmlInput } from '../panel/panelHtml';

/** The panel's inputs without server URLs: the gallery shows local thumbnails only, so img-src stays local. */
export type GalleryHtmlInput = Omit<PanelHtmlInput, 'serverUrls'>;

export function galleryHtml(input: GalleryHtmlInput): string {
  const { cspSource, nonce } = input;
  // Thumbnails and previews are local files only (webview resources): no server link is ever loaded here.
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ];
  return webviewDocument({ ...input, csp, root: '<div id="gallery"></div>' });
}
