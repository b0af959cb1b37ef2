import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../support/web-server.js';

describe('invoke activities on /api/messages', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer();
  });
  afterAll(() => server.stop());

  const invoke = (value: unknown) =>
    fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value,
        channelId: 'emulator',
        conversation: { id: `invoke-${Math.random()}` },
        from: { id: 'm' },
        locale: 'en-US',
      }),
    });

  it('an adaptiveCard/action without an action gets an invoke response 400, not a failed turn or a chat message', async () => {
    for (const value of [{}, { action: null }, { action: 'x' }]) {
      const res = await invoke(value);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { statusCode: number; value: { code: string } };
      expect(body).toMatchObject({ statusCode: 400, value: { code: 'BadRequest' } });
      expect(JSON.stringify(body)).not.toMatch(/Sorry|Vabandust/i);
    }
  });

  it('a well-formed Action.Execute the bot does not handle is a 501', async () => {
    expect((await invoke({ action: { type: 'Action.Execute', verb: 'x' } })).status).toBe(501);
  });
});
