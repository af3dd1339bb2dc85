/**
 * The result panel's HTML, as a pure function of its inputs (no `vscode` import), so the escaping is
 * unit-tested: taskPanel.ts passes in the URIs, the nonce, the UI language and the l10n bundle.
 */

export interface PanelHtmlInput {
  /** The webview's `cspSource` (its own resource origin). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** dist/codicons/codicon.css: VS Code's icon font, for the action buttons. */
  codiconUri: string;
  /** `vscode.env.language` ("en", "zh-cn", …): the document's `lang`. */
  language: string;
  /** The page title (screen readers; not shown in the tab, which the host names). */
  title: string;
  /**
   * The configured servers' base URLs: their origins may serve pictures too (until the local copy is there).
   * Every other host is left out of `img-src`: a link the server returns to a third party shows nothing.
   */
  serverUrls?: readonly string[];
  /** The translations the webview's t() uses (src/shared/l10n.ts), read before the first paint. */
  bundle: Readonly<Record<string, string>>;
}

/** The id of the JSON data block src/webview/main.ts reads the bundle from. */
export const L10N_ELEMENT_ID = 'l10n';

/**
 * JSON that can sit inside a `<script type="application/json">` element as its raw text: `<`, `>` and `&`
 * become `\u003c`… so no `</script>` or `<!--` can end or change the element, and U+2028/U+2029 are
 * escaped as well (old JavaScript parsers took them for line ends). JSON.parse gives back the same value.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A language tag fit for an attribute; anything else (it comes from VS Code, but still) is English. */
export function htmlLang(language: string): string {
  return /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(language) ? language : 'en';
}

function escapeText(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The http(s) origins of these URLs, fit for a CSP source list (anything unparsable is dropped). */
export function cspOrigins(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    try {
      const u = new URL(raw);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && /^[\w.:[\]-]+$/.test(u.host))
        out.add(u.origin);
    } catch {
      // not a URL: no source
    }
  }
  return [...out];
}

/**
 * A strict CSP with the nonce; the script builds everything else. The bundle travels as a JSON data block:
 * it is never executed (not JavaScript, no nonce), so `script-src` stays nonce-only.
 */
export function panelHtml(input: PanelHtmlInput): string {
  const { cspSource, nonce } = input;
  // Made of VS Code's resource origin and our base64 nonce only; left unescaped so its quotes read as written.
  const csp = [
    "default-src 'none'",
    // Local copies (the webview's resources) and the configured servers only, never any https: host.
    [`img-src ${cspSource}`, ...cspOrigins(input.serverUrls ?? [])].join(' '),
    // Clips play from their local copies only (host/videoCache.ts), never from the server's links.
    `media-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ];
  return webviewDocument({
    ...input,
    csp,
    root: '<main id="app" aria-live="polite"></main>',
  });
}

/** What a webview page is made of; `root` is our own markup (the element the script renders into). */
export interface WebviewDocument {
  language: string;
  /** The CSP's directives, each with its sources: the caller's choice, as strict as its page allows. */
  csp: readonly string[];
  nonce: string;
  codiconUri: string;
  styleUri: string;
  title: string;
  root: string;
  bundle: Readonly<Record<string, string>>;
  scriptUri: string;
}

/**
 * The page both webviews (the result panel, the gallery) load: their CSP, the UI language, the codicons and
 * their style sheet, the l10n bundle as a JSON data block read before the first paint, and the one script
 * with the nonce. Every URI and the title are escaped; the CSP is made of VS Code's resource origin, our
 * base64 nonce and http(s) origins only, and is left unescaped so its quotes read as written.
 */
export function webviewDocument(doc: WebviewDocument): string {
  return `<!DOCTYPE html>
<html lang="${htmlLang(doc.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${doc.csp.join('; ')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeText(doc.codiconUri)}">
<link rel="stylesheet" href="${escapeText(doc.styleUri)}">
<title>${escapeText(doc.title)}</title>
</head>
<body>
${doc.root}
<script type="application/json" id="${L10N_ELEMENT_ID}">${scriptSafeJson(doc.bundle)}</script>
<script nonce="${doc.nonce}" src="${escapeText(doc.scriptUri)}"></script>
</body>
</html>`;
}
