import type { Staff } from '../../bot/staff/staff-user.js';

export type Strings = Record<string, unknown>;
export type ConsoleData = { locale: string; csrfToken: string; me: Staff; strings: Strings };

/** The data the server put into the page (a JSON block: the CSP allows no inline script). */
export function readConsoleData(): ConsoleData {
  return JSON.parse(document.getElementById('console-data')?.textContent ?? '{}') as ConsoleData;
}

/** i18next-style lookup ("reason.asked") with {{name}} interpolation, over the strings the server sent. */
export function translator(strings: Strings) {
  return (key: string, values: Record<string, string | number> = {}): string => {
    const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], strings);
    const text = typeof found === 'string' ? found : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
  };
}

/** Creates an element; text always goes in as text, never as markup (merchant text is hostile). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string | false | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== false && child !== undefined) node.append(child);
  return node;
}
