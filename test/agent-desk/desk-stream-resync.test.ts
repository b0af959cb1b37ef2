import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessCoordination } from '../../bot/coordination.js';
import { apiMerchant, openDesk, type RunningSite, startSite, waitFor } from '../support/staff-site.js';

describe('the console’s live stream when events from other instances may have been missed', () => {
  const coordination = createInProcessCoordination();
  const hooks = new Set<() => void | Promise<void>>();
  // As the PostgreSQL bus does once its lost listening connection listens again.
  coordination.events.onReconnect = (hook) => {
    hooks.add(hook);
    return () => void hooks.delete(hook);
  };
  let running: RunningSite;
  beforeAll(async () => {
    running = await startSite({}, { coordination });
  });
  afterAll(() => running.stop());

  it('sends the whole queue again, so the console reads again what it shows', async () => {
    const { stream } = await openDesk(running.url);
    await apiMerchant(running.url).say('tahan inimesega rääkida');
    await waitFor(() => stream.events.some((e) => e.event === 'item'));
    for (const hook of hooks) void hook();
    const again = await waitFor(() => stream.events.filter((e) => e.event === 'queue')[1]);
    expect((again.data as { id: string }[]).map((item) => item.id)).toHaveLength(1);
    stream.close();
  });
});
