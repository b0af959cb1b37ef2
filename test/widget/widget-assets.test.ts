import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORE_ID } from '../../bot/channel/demo-page.js';
import { buildPanel, buildWidget } from '../../bot/web/bundles.js';
import { readConfig } from '../../bot/config.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

// The budgets: pages without a chat pay only for the launcher; an open panel needs at most 50 KB of script.
const LAUNCHER_BUDGET = 10 * 1024;
const OPEN_PANEL_BUDGET = 50 * 1024;

describe('widget files', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer();
  });
  afterAll(() => server.stop());

  it('keeps the launcher under 10 KB gzipped', async () => {
    const code = await buildWidget(readConfig({}), '/widget/panel.js');
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(LAUNCHER_BUDGET);
  });

  it('keeps the launcher and the panel together under 50 KB gzipped', async () => {
    const code = (await buildWidget(readConfig({}), '/widget/panel.js')) + (await buildPanel());
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(OPEN_PANEL_BUDGET);
  });

  it('serves widget.js gzipped and lets the browser revalidate it', async () => {
    const res = await fetch(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toContain('javascript');
    const again = await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': res.headers.get('etag') as string } });
    expect(again.status).toBe(304);
  });

  it('serves the panel under a path named by its content, cached for good', async () => {
    const widget = await (await fetch(`${server.url}/widget.js`)).text();
    const path = /\/widget\/panel-[\w-]+\.js/.exec(widget)?.[0];
    const res = await fetch(`${server.url}${path}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('serves a favicon for the demo page and the staff pages', async () => {
    const res = await fetch(`${server.url}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
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
