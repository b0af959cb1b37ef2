import type { BrowserContext, Locator, Page } from 'playwright-core';

export const PORTAL = 'https://partner.montonio.com';

/** The page of one merchant with the widget: the launcher, the panel and the chat in it (Playwright's CSS pierces the shadow root). */
export function widgetPage(page: Page) {
  const transcript = page.locator('#montonio-chat .transcript');
  const input = page.locator('#montonio-chat .send-input');
  return {
    page,
    transcript,
    scroller: page.locator('#montonio-chat .scroller'),
    input,
    messages: transcript.locator('li.msg'),
    message: (text: string | RegExp): Locator => transcript.locator('li.msg', { hasText: text }).last(),
    panel: page.locator('#montonio-chat').locator('section.panel'),
    /** the buttons under the last message (its suggested actions) */
    suggestions: page.locator('#montonio-chat .suggestions'),
    async ask(text: string) {
      await input.fill(text);
      await input.press('Enter');
    },
    /** the conversation the widget keeps in localStorage */
    saved: () =>
      page.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('montonio-chat:'));
        return key ? (JSON.parse(localStorage.getItem(key) as string) as { conversationId: string; watermark: string; locale: string }) : undefined;
      }),
    liveRegion: page.locator('#montonio-chat .live-region'),
  };
}

/** A button's accessible name: the widget draws 👍/👎 as icons, so the words alone name it. */
export const withoutEmoji = (label: string): string => label.replace(/^(👍|👎)\s*/u, '');

/** Partner System and help-centre links open a tab; the test network has no internet, so those pages are stubbed. */
export async function stubMontonioSites(context: BrowserContext): Promise<void> {
  for (const site of [PORTAL, 'https://help.montonio.com']) {
    await context.route(`${site}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>stub</title>' }));
  }
}
