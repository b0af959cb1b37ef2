/**
 * Partner System links open in the same tab when the widget runs on the Partner System itself
 * (the page's origin is listed and the link stays on it); everything else opens a new tab.
 */
export function opensInSameTab(url: URL, pageOrigin: string, sameTabOrigins: string[]): boolean {
  return url.origin === pageOrigin && sameTabOrigins.includes(pageOrigin);
}

/** Only web links are followed: a card can never run `javascript:` or open a local file. */
export function webUrl(value: unknown, base: string): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
