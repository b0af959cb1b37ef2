/** When waiting chats were taken: the expected wait is read from these. */
export type ClaimTimes = {
  /** a case claimed again (never happens: a claim is a compare-and-set) keeps its first time */
  add: (caseId: string, createdAt: string, claimedAt: string) => Promise<void>;
  /** claim times (ISO) at or after `since`, oldest first */
  since: (since: string) => Promise<string[]>;
};

// Only the last hour says how fast chats are taken now; a quiet morning says nothing about a busy afternoon.
const WINDOW_MS = 60 * 60_000;
// Fewer claims than this in the window is too little to promise anything: no estimate.
const MIN_CLAIMS = 3;
// Beyond this the number would be a guess dressed as a promise.
const MAX_MINUTES = 60;

/**
 * "About N minutes" for a place in the queue: the median gap between recent claims, once per place ahead and the
 * merchant's own. Undefined when there is too little data or the estimate would be too far out to mean anything.
 * Read the claims once, then ask for as many places as needed.
 */
export async function waitEstimator(claims: ClaimTimes, now: Date): Promise<(position: number) => number | undefined> {
  const times = (await claims.since(new Date(now.getTime() - WINDOW_MS).toISOString())).map((t) => Date.parse(t));
  if (times.length < MIN_CLAIMS) return () => undefined;
  const gaps = times
    .slice(1)
    .map((t, i) => t - (times[i] as number))
    .sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] as number;
  return (position) => {
    const minutes = Math.max(1, Math.round((median * position) / 60_000));
    return minutes > MAX_MINUTES ? undefined : minutes;
  };
}
