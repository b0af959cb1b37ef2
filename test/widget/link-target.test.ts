import { describe, expect, it } from 'vitest';
import { opensInSameTab, webUrl } from '../../browser/widget/link-target.js';

const PORTAL = 'https://partner.montonio.com';

describe('where a Partner System button opens', () => {
  it('opens in the same tab when the widget runs on the Partner System', () => {
    expect(opensInSameTab(new URL(`${PORTAL}/stores/abc`), PORTAL, [PORTAL])).toBe(true);
  });

  it('opens a new tab from any other site, and for links leaving the Partner System', () => {
    expect(opensInSameTab(new URL(`${PORTAL}/stores/abc`), 'https://www.montonio.com', [PORTAL])).toBe(false);
    expect(opensInSameTab(new URL('https://help.montonio.com/et/articles/1'), PORTAL, [PORTAL])).toBe(false);
  });

  it('follows only web links', () => {
    expect(webUrl('javascript:alert(1)', PORTAL)).toBeUndefined();
    expect(webUrl('file:///etc/passwd', PORTAL)).toBeUndefined();
    expect(webUrl(42, PORTAL)).toBeUndefined();
    expect(webUrl('/stores', PORTAL)?.href).toBe(`${PORTAL}/stores`);
  });
});
