// Inline SVG, so icons show on systems without an emoji font (👍/👎 were empty boxes there).
const svg = (path: string) =>
  `<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"><path fill="currentColor" d="${path}"/></svg>`;

export const ICONS = {
  send: svg('M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z'),
  thumbsUp: svg(
    'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6c-.4.4-.6.9-.6 1.4v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z',
  ),
  thumbsDown: svg(
    'M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z',
  ),
};

/** A button label that starts with 👍 or 👎 gets the drawn icon instead; the words stay its accessible name. */
export function iconFor(title: string): { icon?: string; text: string } {
  if (title.startsWith('👍')) return { icon: ICONS.thumbsUp, text: title.slice(2).trim() };
  if (title.startsWith('👎')) return { icon: ICONS.thumbsDown, text: title.slice(2).trim() };
  return { text: title };
}
