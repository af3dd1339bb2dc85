/**
 * The panel's HTML (src/host/panel/panelHtml.ts): the l10n bundle rides in a JSON data block that no text
 * can break out of, the CSP stays strict, and `lang` follows VS Code's language.
 */
import * as assert from 'node:assert/strict';
import { htmlLang, L10N_ELEMENT_ID, panelHtml, scriptSafeJson } from '../../src/host/panel/panelHtml';
import type { PanelHtmlInput } from '../../src/host/panel/panelHtml';

const BREAKOUT = '</script><img src=x onerror=alert(1)>';

function input(over: Partial<PanelHtmlInput> = {}): PanelHtmlInput {
  return {
    cspSource: 'https://*.vscode-cdn.net',
    nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
    codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
    language: 'zh-cn',
    title: 'Midjourney 任务',
    bundle: { Refresh: '刷新' },
    ...over,
  };
}

/**
 * What an HTML parser takes as the data block's text: everything after its start tag up to the first
 * `</script` followed by a space, `/` or `>` (the script data state; case-insensitive).
 */
function dataBlockText(html: string): string {
  const open = `<script type="application/json" id="${L10N_ELEMENT_ID}">`;
  const start = html.indexOf(open);
  assert.ok(start >= 0, 'the data block is in the page');
  const rest = html.slice(start + open.length);
  const end = /<\/script[\s/>]/i.exec(rest);
  assert.ok(end, 'the data block is closed');
  return rest.slice(0, end.index);
}

describe('webview HTML: the l10n bundle in the page', () => {
  it('round-trips keys and texts that try to close the tag, as text', () => {
    const bundle = {
      [BREAKOUT]: `${BREAKOUT} 刷新`,
      '<!-- <script>': '<!--',
      'a & b > c': 'x\u2028y\u2029z',
      '</SCRIPT >': '</Script/',
      Refresh: '刷新',
    };
    const html = panelHtml(input({ bundle }));
    const text = dataBlockText(html);
    assert.deepEqual(JSON.parse(text), bundle);
    // Nothing in it an HTML parser could read as markup, a comment or a line end.
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    // Still exactly our two scripts, and the payload's image never became an element.
    assert.equal(html.match(/<script\b/gi)?.length, 2);
    assert.doesNotMatch(html, /<img/i);
    assert.ok(html.trimEnd().endsWith('</html>'));
  });

  it('escapes only what it must: JSON.parse gives the same value back', () => {
    for (const value of [{}, { a: 'b' }, { '<>&': '\u2028\u2029' }, { 'e\u0301': '"\\' }]) {
      assert.deepEqual(JSON.parse(scriptSafeJson(value)), value);
    }
    assert.equal(scriptSafeJson({ '</': '&' }), '{"\\u003c/":"\\u0026"}');
  });

  it('keeps the CSP strict: default-src none, scripts by nonce only, the data block without one', () => {
    const html = panelHtml(input());
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    const directives = csp.split(';').map((d) => d.trim());
    assert.equal(directives[0], "default-src 'none'");
    assert.ok(directives.includes("script-src 'nonce-bm9uY2Utbm9uY2Utbm9uY2U='"), csp);
    assert.doesNotMatch(csp, /unsafe-|data:|blob:/);
    assert.match(html, /<script type="application\/json" id="l10n">\{"Refresh":"刷新"\}<\/script>/);
    assert.match(
      html,
      /<script nonce="bm9uY2Utbm9uY2Utbm9uY2U=" src="https:\/\/file\+[^"]*webview\.js"><\/script>/,
    );
    // The bundle comes before the script that reads it.
    assert.ok(html.indexOf('id="l10n"') < html.indexOf('webview.js'));
  });

  it('sets lang from VS Code and refuses anything that is not a language tag', () => {
    assert.match(panelHtml(input()), /<html lang="zh-cn">/);
    assert.match(panelHtml(input({ language: 'en' })), /<html lang="en">/);
    assert.equal(htmlLang('pt-br'), 'pt-br');
    assert.equal(htmlLang('qps-ploc'), 'qps-ploc');
    assert.equal(htmlLang('"><script>alert(1)</script>'), 'en');
    assert.equal(htmlLang(''), 'en');
  });

  it('escapes the title', () => {
    const html = panelHtml(input({ title: '</title><script>alert(1)</script>' }));
    assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
    assert.equal(html.match(/<script\b/gi)?.length, 2);
  });
});
