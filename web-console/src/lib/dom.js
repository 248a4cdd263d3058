// The only way pages build markup: elements and text nodes, never HTML strings, so whatever an agent or an
// investigator supplied (host names, paths, tags, action names) is shown as text.

/**
 * el('a', { href: '#/agents', class: 'nav' }, 'Agents', el('span', {}, count)):
 * attributes are set with setAttribute (no on* handlers: attach listeners with `on`), children are elements,
 * or anything else shown as text.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (/^on/i.test(name)) {
      throw new Error(`el(): set ${name} with on(), not as an attribute`);
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

/** Appends children: nodes as they are, arrays flattened, null/undefined skipped, the rest as text. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent` with `children`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, ...children);
}

/** Adds an event listener and returns the node, for use inline in el() trees. */
export function on(node, event, handler) {
  node.addEventListener(event, handler);
  return node;
}

/** A table of rows: columns is [{ title, value: row => text-or-node }]. */
export function table(columns, rows, attrs = {}) {
  return el('table', attrs,
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c.title)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, columns.map((c) => el('td', {}, c.value(row)))))));
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, as el() makes HTML ones: attributes with setAttribute, children as nodes or text. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (/^on/i.test(name) || name === 'style') {
      throw new Error(`svg(): ${name} is not set as an attribute (use on() and CSS classes)`);
    }
    node.setAttribute(name, String(value));
  }
  append(node, ...children);
  return node;
}
