/**
 * Hostile server text for the UI security test. Every payload that could run tells on itself three ways:
 * a request to the sentinel server (`<sentinel>/<n>`), `window.__xss = 1` and `document.title = 'XSS'` in
 * whatever frame it ran, and a `postMessage('XSS')` to the top window. The code uses no spaces or quotes
 * (backticks and tagged templates instead) so it survives any attribute context it lands in.
 */

/** The code a payload tries to run; `n` names the payload in the sentinel's log. */
export function xssCode(sentinel: string, n: number | string): string {
  return `document.createElement\`img\`.src=\`${sentinel}/${n}\`;window.__xss=1;document.title=\`XSS\`;top.postMessage(\`XSS\`,\`*\`)`;
}

/** Text payloads for prompt, description, failReason, button labels and emoji (60 of them). */
export function textPayloads(sentinel: string): string[] {
  const list: ((j: string, n: number) => string)[] = [
    // Script tags and breakouts.
    (j) => `<script>${j}</script>`,
    (j) => `"><script>${j}</script>`,
    (j) => `'><script>${j}</script>`,
    (j) => `</script><script>${j}</script>`,
    (j) => `</textarea></title></style><script>${j}</script>`,
    (j) => `<template><script>${j}</script></template>`,
    (_j, n) => `<script src=${sentinel}/${n}></script>`,
    (j) => `"-${j}-"`,
    // Event handlers.
    (j) => `<img src=x onerror=${j}>`,
    (j) => `<img src="x" onerror="${j}">`,
    (j) => `<svg onload=${j}>`,
    (j) => `<svg/onload=${j}>`,
    (j) => `<body onload=${j}>`,
    (j) => `<details open ontoggle=${j}>`,
    (j) => `<input autofocus onfocus=${j}>`,
    (j) => `<video><source onerror=${j}></video>`,
    (j) => `<audio src=x onerror=${j}>`,
    (j) => `<marquee onstart=${j}>x</marquee>`,
    (j) => `<x onclick=${j} style=display:block;position:fixed;inset:0>click</x>`,
    (j) => `<noscript><p title="</noscript><img src=x onerror=${j}>">`,
    (j) => `<!--<img src="--><img src=x onerror=${j}//">`,
    (j) => `<math><mtext><table><mglyph><style><img src=x onerror=${j}>`,
    // javascript: URLs.
    (j) => `<a href="javascript:${j}">click</a>`,
    (j) => `<iframe src="javascript:${j}"></iframe>`,
    (j) => `<object data="javascript:${j}"></object>`,
    (j) => `<form action="javascript:${j}"><button>go</button></form>`,
    (j) => `<meta http-equiv="refresh" content="0;url=javascript:${j}">`,
    (j) => `<base href="javascript:${j}//">`,
    (j) => `javascript:${j}`,
    (j) => `JaVaScRiPt:${j}`,
    (j) => `[click me](javascript:${j})`,
    // data: URLs.
    (j) => `<iframe src="data:text/html,<script>${j}</script>"></iframe>`,
    (j) => `<embed src="data:text/html,<script>${j}</script>">`,
    (j) => `data:text/html,<script>${j}</script>`,
    () => `<object data="data:text/html;base64,PHNjcmlwdD50b3AuX194c3M9MTwvc2NyaXB0Pg=="></object>`,
    // SVG.
    (j) => `<svg><script>${j}</script></svg>`,
    (j) => `<svg><animate onbegin=${j} attributeName=x dur=1s>`,
    (j) => `<svg><a xlink:href="javascript:${j}"><text x=20 y=20>x</text></a></svg>`,
    (_j, n) => `<svg><image href="${sentinel}/${n}"/></svg>`,
    // CSS injection and plain beacons (they would fire if rendered as markup).
    (_j, n) => `<style>@import url(${sentinel}/${n});</style>`,
    (_j, n) => `</style><style>*{background:url(${sentinel}/${n})}</style>`,
    (_j, n) => `<div style="background:url(${sentinel}/${n})">css</div>`,
    (_j, n) => `<link rel=stylesheet href=${sentinel}/${n}>`,
    (j) => `<div style="width:expression(${j})">ie</div>`,
    (_j, n) => `<img src="${sentinel}/${n}">`,
    (_j, n) => `<img srcset="${sentinel}/${n} 1x">`,
    (_j, n) => `<body background=${sentinel}/${n}>`,
    (_j, n) => `![beacon](${sentinel}/${n})`,
    // Unicode tricks.
    (j) => `\u202Egnp.<script>${j}</script>`,
    (j) => `<scr\u200Bipt>${j}</scr\u200Bipt>`,
    (j) => `java\u200Bscript:${j}`,
    (j) => `<a href="j\u0430vascript:${j}">homoglyph</a>`,
    (j) => `\uFF1Cscript\uFF1E${j}\uFF1C/script\uFF1E`,
    (j) => `\u2028<script>${j}</script>\u2029`,
    // Entity- and escape-encoded.
    (j) => `&lt;script&gt;${j}&lt;/script&gt;`,
    (j) => `&#60;img src=x onerror=${j}&#62;`,
    (j) => `<a href="jav&#x09;ascript:${j}">tab</a>`,
    (j) => `\\u003cscript\\u003e${j}\\u003c/script\\u003e`,
    // Template and markdown/theme-icon injection (the tree tooltip is Markdown).
    (j) => `{{constructor.constructor(\`${j}\`)()}} \${${j}}`,
    () => `$(alert) $(error) **bold** <b>b</b> [cmd](command:workbench.action.quit)`,
  ];
  return list.map((f, i) => f(xssCode(sentinel, `t${i}`), i));
}

/** imageUrl payloads: none is an http(s) URL, so none may be loaded or fetched. */
export function imageUrlPayloads(sentinel: string): string[] {
  const j = xssCode(sentinel, 'img');
  return [
    `javascript:${j}`,
    ` javascript:${j}`,
    `jav\tascript:${j}`,
    `data:text/html,<script>${j}</script>`,
    `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="${j}"/>`,
    `vbscript:msgbox(1)`,
    `x" onerror="${j}`,
  ];
}
