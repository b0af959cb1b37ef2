import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createReadiness } from '../../bot/ops/readiness.js';
import { startWebServer } from '../support/web-server.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
};

describe('/readyz', () => {
  it('is 200 while the database answers and content is loaded; 503 with the reason when the database is gone', async () => {
    const { url, site, stop } = await startWebServer();
    stops.push(stop);
    expect(await get(`${url}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } });
    site.bot.database!.close();
    const after = await get(`${url}/readyz`);
    expect(after.status).toBe(503);
    expect(after.body).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^database: .*not open/) });
    // /healthz only says the process is up.
    expect((await get(`${url}/healthz`)).status).toBe(200);
  });

  it('is 503 "shutting down" once the site drains, while /healthz stays 200', async () => {
    const { url, site, stop } = await startWebServer();
    stops.push(stop);
    site.readiness.drain();
    expect(await get(`${url}/readyz`)).toEqual({ status: 503, body: { status: 'unavailable', reason: 'shutting down' } });
    expect((await get(`${url}/healthz`)).status).toBe(200);
  });

  it('calls the checks it is given: one that throws, returns false or hangs makes it 503 and names it', { timeout: 10_000 }, async () => {
    const respond = async (checks: Parameters<typeof createReadiness>[0]) => {
      const server = express().use('/readyz', createReadiness(checks).router).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        return await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      } finally {
        server.close();
      }
    };
    expect(await respond({ database: async () => {}, content: () => true })).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await respond({ database: async () => Promise.reject(new Error('connection refused')) })).toMatchObject({
      status: 503,
      body: { reason: 'database: connection refused' },
    });
    expect(await respond({ database: () => {}, content: () => false })).toMatchObject({ status: 503, body: { reason: 'content: not ready' } });
    expect(await respond({ database: () => new Promise(() => {}) })).toMatchObject({
      status: 503,
      body: { reason: expect.stringMatching(/^database: no answer within/) },
    });
  });
});
