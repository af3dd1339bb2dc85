/**
 * The one way the panel makes DOM: text goes through textContent and attributes through setAttribute,
 * so server text can never become markup. Nothing in the webview parses HTML strings.
 */

export interface ElementProps {
  className?: string;
  /** Set as textContent. */
  text?: string;
  title?: string;
  attrs?: Readonly<Record<string, string>>;
  /** Lets the renderer put focus back on the "same" control after a section is rebuilt. */
  focusKey?: string;
  onClick?: (ev: Event) => void;
}

type Child = Node | string | undefined | false;

/** Creates an element with the given props and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title) el.title = props.title;
  if (props.focusKey) el.dataset.focusKey = props.focusKey;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    // Event handler and style attributes would be inline code/styles: the CSP forbids them and so do we.
    if (/^on/i.test(name) || name.toLowerCase() === 'style') throw new Error(`refused attribute ${name}`);
    el.setAttribute(name, value);
  }
  if (props.onClick) el.addEventListener('click', props.onClick);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A real <button type="button"> (keyboard and screen readers get it for free). */
export function button(text: string, onClick: () => void, props: ElementProps = {}): HTMLButtonElement {
  const b = h('button', { ...props, text, onClick: () => onClick() });
  b.type = 'button';
  return b;
}

/** Makes `nodes` the children of `parent`, touching the DOM only if they differ (moving a node can blur it). */
export function setChildren(parent: Element, nodes: readonly Node[]): void {
  const current = parent.childNodes;
  if (current.length === nodes.length && nodes.every((n, i) => current[i] === n)) return;
  parent.replaceChildren(...nodes);
}

/**
 * The children for a sentence with elements in it: `sentence(t('Task {0}'), idSpan)`. The sentence is
 * translated whole with its `{0}` holes still in (t() without arguments leaves them), then each hole
 * becomes its node and the rest text, so word order follows the language.
 */
export function sentence(text: string, ...nodes: readonly Node[]): (Node | string)[] {
  return text
    .split(/(\{\d+\})/)
    .map((part) => {
      const m = /^\{(\d+)\}$/.exec(part);
      return (m && nodes[Number(m[1])]) || part;
    })
    .filter((part) => part !== '');
}
