import { afterEach, describe, expect, it } from 'vitest';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer } from '../support/web-server.js';

const TOKEN = 'metrics-token-for-the-tests';
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const scrape = async (url: string, token = TOKEN) => {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};
/** the value of one series (0 when it has none yet) */
const seriesValue = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((line) => line.startsWith(`${series} `))
      ?.split(' ')[1] ?? 0,
  );

describe('/metrics', () => {
  it('counts a turn by its answer kind, times it, and counts the handoff it started', async () => {
    const { url, stop } = await startWebServer({ env: { METRICS_TOKEN: TOKEN } });
    stops.push(stop);
    const before = await scrape(url);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(seriesValue(before.text, 'bot_turns_total{outcome="guide"}')).toBe(0);

    const dl = rawDirectLine(url);
    const grant = await dl.open('en-US');
    expect((await dl.post(grant, { type: 'message', text: 'How do I activate card payments?', from: { id: 'merchant' } })).status).toBe(200);
    expect((await dl.post(grant, { type: 'message', text: 'I want to talk to a human', from: { id: 'merchant' } })).status).toBe(200);

    const after = (await scrape(url)).text;
    expect(seriesValue(after, 'bot_turns_total{outcome="guide"}')).toBe(1);
    expect(seriesValue(after, 'bot_turns_total{outcome="handoff"}')).toBe(1);
    expect(seriesValue(after, 'bot_turn_duration_seconds_count{outcome="guide"}')).toBe(1);
    // Nobody is signed in to the console: the handoff goes to an e-mail answer, and no chat waits in the queue.
    expect(seriesValue(after, 'bot_handoffs_total{to="email"}')).toBe(1);
    expect(after).toMatch(/^bot_handoff_queue_waiting 0$/m);
    expect(after).toMatch(/^bot_database_errors_total\{operation="commit"\} 0$/m);
    expect(after).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(after).toMatch(/^process_cpu_seconds_total \d/m);
  });

  it('is 401 without the token or with another, and 404 when METRICS_TOKEN is not set', async () => {
    const guarded = await startWebServer({ env: { METRICS_TOKEN: TOKEN } });
    stops.push(guarded.stop);
    const bare = await fetch(`${guarded.url}/metrics`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape(guarded.url, `${TOKEN}x`)).status).toBe(401);
    expect((await scrape(guarded.url, TOKEN.slice(1))).status).toBe(401);

    const open = await startWebServer();
    stops.push(open.stop);
    expect((await scrape(open.url)).status).toBe(404);
  });
});

describePostgres('/metrics on PostgreSQL', () => {
  it('counts failed statements as query, lost connections as connect, and the live events losing their connection as listen', {
    timeout: 30_000,
  }, async () => {
    const database = await createTestDatabase('metrics');
    const admin = createPool(database.url, { max: 1 });
    stops.push(async () => {
      await admin.end();
      await database.drop();
    });
    const { url, stop } = await startWebServer({
      env: { METRICS_TOKEN: TOKEN, DATABASE_URL: database.url, DIRECT_LINE_SECRET: 'metrics-test-secret-0123456789abcdef' },
    });
    stops.unshift(stop);
    const errors = async () => {
      const text = (await scrape(url)).text;
      return Object.fromEntries(['query', 'connect', 'listen'].map((op) => [op, seriesValue(text, `bot_database_errors_total{operation="${op}"}`)]));
    };
    const before = (await scrape(url)).text;
    expect(before).toMatch(/^bot_database_errors_total\{operation="query"\} 0$/m);
    expect(before).toMatch(/^bot_database_errors_total\{operation="listen"\} 0$/m);
    expect(before).not.toMatch(/operation="commit"/);
    const dl = rawDirectLine(url);
    const grant = await dl.open('en-US');
    expect((await dl.post(grant, { type: 'message', text: 'How do I activate card payments?', from: { id: 'merchant' } })).status).toBe(200);
    expect(await errors()).toEqual({ query: 0, connect: 0, listen: 0 });

    // Every connection of the instance ended by the server (a failover, an operator): the idle ones of its pools and
    // its LISTEN connection, which listens again.
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await expect
      .poll(async () => Object.entries(await errors()).filter(([, n]) => n > 0))
      .toEqual([
        ['connect', expect.any(Number)],
        ['listen', 1],
      ]);
    expect((await dl.post(grant, { type: 'message', text: 'And refunds?', from: { id: 'merchant' } })).status).toBe(200);

    // A statement the database refuses: the web chats' table is gone, so a new conversation cannot be stored.
    await admin.query('ALTER TABLE conversations RENAME TO conversations_gone');
    expect((await dl.generate()).status).toBeGreaterThanOrEqual(500);
    expect((await errors()).query).toBeGreaterThanOrEqual(1);
  });
});
