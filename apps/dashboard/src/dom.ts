/** Attributes and properties `h` sets; `text` is textContent (data never becomes markup). */
type Props = Record<string, string | number | boolean | undefined> & { text?: string | number };

/** Creates an element with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined && child !== false) el.append(child);
  return el;
}

/** Sets an element's text only when it changed (no needless layout, and screen readers hear only changes). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** The element with `id`, which the page's HTML or a view created. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no element #${id}`);
  return el as T;
}

/** A section with a heading that labels it. */
export function section(id: string, title: string, ...children: (Node | string)[]): HTMLElement {
  return h(
    'section',
    { id, 'aria-labelledby': `${id}-title`, class: 'card' },
    h('h2', { id: `${id}-title`, text: title }),
    ...children,
  );
}

/** A description list from label/value pairs; each value element gets `id` `${prefix}-${key}` for live updates. */
export function facts(prefix: string, rows: readonly (readonly [key: string, label: string])[]): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    ...rows.flatMap(([key, label]) => [
      h('dt', { text: label }),
      h('dd', { id: `${prefix}-${key}`, 'data-testid': `${prefix}-${key}`, text: '–' }),
    ]),
  );
}
