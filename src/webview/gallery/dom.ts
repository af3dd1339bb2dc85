/**
 * The gallery's one way to make DOM: text through textContent, attributes through setAttribute (never an
 * event-handler or style attribute), so a prompt can never become markup. Nothing here parses HTML.
 */

export interface Props {
  className?: string;
  text?: string;
  attrs?: Readonly<Record<string, string>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name) || name.toLowerCase() === 'style') throw new Error(`refused attribute ${name}`);
    e.setAttribute(name, value);
  }
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/** A codicon (VS Code's icon font, shipped in dist/codicons). */
export function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set([
  'https:',
  'http:',
  'vscode-webview-resource:',
  'vscode-resource:',
]);

/** An image source the gallery may load (the webview's own resources, http(s)), else undefined. */
export function safeSrc(src: string | undefined): string | undefined {
  if (!src || src.length > 8192) return undefined;
  try {
    const u = new URL(src);
    return IMAGE_PROTOCOLS.has(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}
