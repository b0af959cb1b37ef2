import type { Locator, Page } from 'playwright-core';

/**
 * A merchant using the widget only as a person does: the launcher by its accessible name, the message box by its
 * role, messages by their visible text. Nothing here depends on how the chat panel is built, so it survives a new one;
 * if a panel names its message box differently, this is the one place to change.
 */
export function widgetUser(page: Page, launcherName: string) {
  const box = page
    .getByRole('textbox', { name: /sõnum|message|küsimus|question/i })
    .filter({ visible: true })
    .first();
  return {
    page,
    async open(): Promise<void> {
      await page.getByRole('button', { name: launcherName }).click();
      await box.waitFor();
    },
    async say(text: string): Promise<void> {
      await box.fill(text);
      await box.press('Enter');
    },
    /** the last visible message that contains this text (screen-reader copies are hidden) */
    sees: (text: string | RegExp): Locator => page.getByText(text).filter({ visible: true }).last(),
    box,
  };
}
