import { afterEach, describe, expect, it } from 'vitest';
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
