import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMerchant, type RunningSite, startSite, waitFor, openDesk } from '../support/staff-site.js';

const CASES = 200;

describe('the console’s live stream under a full queue', () => {
  let running: RunningSite;
  beforeAll(async () => {
    running = await startSite();
  });
  afterAll(() => running.stop());

  it(`sends each change as one case, not the queue: ${CASES} chats arriving cost kilobytes, not megabytes`, async () => {
    const { agent, stream } = await openDesk(running.url);
    for (let i = 0; i < CASES; i++) await apiMerchant(running.url).say(`tahan inimesega rääkida ${i}`);
    await waitFor(() => stream.events.filter((e) => e.event === 'item').length >= CASES);
    const queue = (await agent.queue()).body as { id: string }[];
    expect(queue).toHaveLength(CASES);
    await agent.claim(queue[0]?.id as string);
    await waitFor(() => stream.events.filter((e) => e.event === 'item').length >= CASES + 1);
    const bytes = stream.events.filter((e) => e.event !== 'queue').reduce((sum, e) => sum + JSON.stringify(e.data).length, 0);
    const whole = JSON.stringify(queue).length;
    // Resending the queue on each change would have sent 1 + 2 + … + 200 cases, and 200 more for the claim.
    const resent = (whole * (CASES + 1)) / 2 + whole;
    const kinds = [...new Set(stream.events.map((e) => e.event))].join(', ');
    console.info(
      `console stream: ${CASES} arrivals and a claim sent ${(bytes / 1024).toFixed(0)} KB (${kinds}); resending the queue would be ${(resent / 1024 / 1024).toFixed(1)} MB`,
    );
    expect(stream.events.filter((e) => e.event === 'queue')).toHaveLength(1);
    expect(bytes).toBeLessThan(resent / 20);
    stream.close();
  }, 60_000);
});
