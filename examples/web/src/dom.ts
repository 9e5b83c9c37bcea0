// A small helper to build elements. Text always goes in as text nodes (never as HTML), so
// whatever a user or the API sends cannot turn into markup or script.

type Child = Node | string | false | null | undefined;
type AttributeValue = string | number | boolean | undefined;
type Listener = (event: Event) => void;

/** Attributes by name; `on<event>` entries are listeners. */
export type Attributes = Record<string, AttributeValue | Listener>;

export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  element.append(...children.flat().filter((child) => child !== false && child != null));
  return element;
}

/** A link inside the app; the router handles the click without reloading the page. */
export function link(href: string, text: string, attributes: Attributes = {}): HTMLAnchorElement {
  return h('a', { href, ...attributes }, text);
}

/** A date and time from the API (ISO-8601), in the reader's locale. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Replaces a "Loading…" paragraph, or anything else, with new content. */
export function show(container: Element, ...children: (Child | Child[])[]): void {
  container.replaceChildren(...children.flat().filter((child) => child !== false && child != null));
}
