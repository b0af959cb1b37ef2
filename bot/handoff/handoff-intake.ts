/** Cases opened per client, for HANDOFF_CASES_PER_HOUR. A client is one user of one channel (see clientOf). */
export type HandoffIntake = {
  add: (client: string, at: string) => void;
  count: (client: string, since: string) => number;
  /** forget what is older than the limit's hour */
  prune: (before: string) => void;
};

const HOUR_MS = 60 * 60_000;

/** true when the client may open another case now; counts the case when it may. */
export function admitCase(intake: HandoffIntake, client: string, perHour: number, now: Date): boolean {
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  if (intake.count(client, hourAgo) >= perHour) return false;
  intake.prune(hourAgo);
  intake.add(client, now.toISOString());
  return true;
}
