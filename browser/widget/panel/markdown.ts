import { webUrl } from '../link-target.js';

// The Markdown the bot writes: **bold**, *italics*, `code`, [label](https://…) (one level of parentheses in the
// address, as Wikipedia's have); anything else stays text.
const INLINE = /\*\*(.+?)\*\*|\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)|`([^`]+)`|\*([^*\s][^*]*?)\*/g;

/**
 * Our Markdown subset as DOM nodes, never as an HTML string: paragraphs, numbered and bulleted lists, line breaks and
 * the inline marks above. Only http(s) links become links, and text that merely looks like an address stays text.
 */
export function renderMarkdown(text: string, newTab: (a: HTMLAnchorElement) => void): DocumentFragment {
  const out = document.createDocumentFragment();
  for (const block of text.split(/\n{2,}/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const numbered = lines.every((l) => /^\d+\.\s/.test(l));
    if (numbered || lines.every((l) => /^[-*]\s/.test(l))) {
      const list = document.createElement(numbered ? 'ol' : 'ul');
      for (const line of lines) list.append(el('li', inline(line.replace(/^(\d+\.|[-*])\s+/, ''), newTab)));
      out.append(list);
      continue;
    }
    const p = document.createElement('p');
    lines.forEach((line, i) => {
      if (i > 0) p.append(document.createElement('br'));
      p.append(inline(line, newTab));
    });
    out.append(p);
  }
  return out;
}

function inline(text: string, newTab: (a: HTMLAnchorElement) => void): DocumentFragment {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.append(text.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const [, bold, label, href, code, italic] = m;
    if (bold !== undefined) out.append(el('strong', inline(bold, newTab)));
    else if (code !== undefined) out.append(el('code', document.createTextNode(code)));
    else if (italic !== undefined) out.append(el('em', inline(italic, newTab)));
    else out.append(link(label as string, href as string, newTab));
  }
  out.append(text.slice(last));
  return out;
}

function link(label: string, href: string, newTab: (a: HTMLAnchorElement) => void): Node {
  const url = webUrl(href, location.href);
  if (!url || !/^https?:\/\//i.test(href)) return document.createTextNode(label);
  const a = el('a', document.createTextNode(label)) as HTMLAnchorElement;
  a.href = url.href;
  newTab(a);
  return a;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.append(...children);
  return element;
}
