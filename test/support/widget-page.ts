import type { BrowserContext, Locator, Page } from 'playwright-core';

export const PORTAL = 'https://partner.montonio.com';

/** The page of one merchant with the widget: the launcher, the panel and what Web Chat shows in it. */
export function widgetPage(page: Page) {
  const transcript = page.locator('.webchat__basic-transcript');
  const input = page.locator('.webchat__send-box-text-box__input');
  return {
    page,
    transcript,
    input,
    /** visible message bubbles only (Web Chat also keeps hidden copies for screen readers) */
    messages: transcript.locator('.webchat__basic-transcript__activity-body'),
    message: (text: string | RegExp): Locator => transcript.locator('.webchat__basic-transcript__activity-body', { hasText: text }).last(),
    panel: page.locator('#montonio-chat').locator('section.panel'),
    /** the buttons under the last message (Web Chat's suggested actions) */
    suggestions: page.locator('.webchat__suggested-actions'),
    async ask(text: string) {
      await input.fill(text);
      await input.press('Enter');
    },
    /** the conversation the widget keeps in localStorage */
    saved: () => page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('montonio-chat:'));
      return key ? (JSON.parse(localStorage.getItem(key) as string) as { conversationId: string; watermark: string; locale: string }) : undefined;
    }),
    liveRegion: page.locator('.webchat__live-region-transcript'),
  };
}

/** Partner System and help-centre links open a tab; the test network has no internet, so those pages are stubbed. */
export async function stubMontonioSites(context: BrowserContext): Promise<void> {
  for (const site of [PORTAL, 'https://help.montonio.com']) {
    await context.route(`${site}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>stub</title>' }));
  }
}
