import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORE_ID } from '../../bot/channel/demo-page.js';
import { buildWidget } from '../../bot/channel/widget-assets.js';
import { readConfig } from '../../bot/config.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

// The budget: pages without a chat pay only for the launcher.
const LAUNCHER_BUDGET = 10 * 1024;

describe('widget files', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer();
  });
  afterAll(() => server.stop());

  it('keeps the launcher under 10 KB gzipped', async () => {
    const code = await buildWidget(readConfig({}), '/widget/webchat.js');
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(LAUNCHER_BUDGET);
  });

  it('serves widget.js gzipped and lets the browser revalidate it', async () => {
    const res = await fetch(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toContain('javascript');
    const again = await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': res.headers.get('etag') as string } });
    expect(again.status).toBe(304);
  });

  it('serves Web Chat under a versioned path that can be cached for good', async () => {
    const widget = await (await fetch(`${server.url}/widget.js`)).text();
    const path = /\/widget\/webchat-[\d.]+\.js/.exec(widget)?.[0];
    const res = await fetch(`${server.url}${path}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('serves the demo page with the widget, the language and the store id it was asked for', async () => {
    const html = await (await fetch(`${server.url}/?lang=en&store=abc-123`)).text();
    expect(html).toMatch(/<script src="\/widget.js" data-locale="en" data-store-id="abc-123"><\/script>/);
    expect(html).toContain('<html lang="en">');
  });

  it('never puts an odd store id from the address into the demo page', async () => {
    const html = await (await fetch(`${server.url}/?store=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(html).not.toContain('alert(1)');
    expect(html).toContain(`data-store-id="${DEMO_STORE_ID}"`);
  });
});
