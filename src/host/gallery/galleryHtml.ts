/**
 * The gallery's HTML, a pure function of its inputs (unit-tested like the result panel's): the same strict
 * CSP with a fresh nonce, the UI language, and the l10n bundle read before the first paint.
 */
import { htmlLang, L10N_ELEMENT_ID, scriptSafeJson } from '../panel/panelHtml';

export interface GalleryHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  language: string;
  title: string;
  bundle: Readonly<Record<string, string>>;
}

function escapeAttr(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function galleryHtml(input: GalleryHtmlInput): string {
  const { cspSource, nonce } = input;
  // Thumbnails and previews are local files only (webview resources): no server link is ever loaded here.
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${htmlLang(input.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.codiconUri)}">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>${escapeAttr(input.title)}</title>
</head>
<body>
<div id="gallery"></div>
<script type="application/json" id="${L10N_ELEMENT_ID}">${scriptSafeJson(input.bundle)}</script>
<script nonce="${nonce}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}
