import type { Miss } from '../storage/misses.js';
import type { Records } from '../storage/records.js';

// One read of this many rows takes a few milliseconds; between reads other requests run.
const PAGE = 500;

/** The newest `count` misses, newest first, read a page at a time with `pause` between pages. */
export async function newestMisses(records: Pick<Records, 'misses'>, count: number, pause: () => Promise<void>): Promise<Miss[]> {
  const misses: Miss[] = [];
  let before: number | undefined;
  while (misses.length < count) {
    const page = await records.misses(Math.min(PAGE, count - misses.length), before);
    for (const { seq: _seq, ...miss } of page) misses.push(miss);
    if (page.length < PAGE) break;
    before = page.at(-1)?.seq;
    await pause();
  }
  return misses;
}
