import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Where the browser tests leave their screenshots; `SCREENSHOTS_DIR=docs/screenshots` refreshes the README's. */
export const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots';

// Without the background-networking flags Chromium keeps calling home, which floods a closed network.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium, driven by playwright-core; Playwright gives every launch a fresh profile directory. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing. Run "npm test" (it installs Chromium), or: apt-get update && apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** The element that has the keyboard focus, looking inside shadow roots, as "tag.class" plus its accessible label. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element
      ? `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} ${element.getAttribute('aria-label') ?? element.textContent ?? ''}`
      : '';
  });
}
