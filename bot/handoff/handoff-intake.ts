/** Cases opened per client, for HANDOFF_CASES_PER_HOUR. A client is one user of one channel (see clientOf). */
export type HandoffIntake = {
  add: (client: string, at: string) => Promise<void>;
  count: (client: string, since: string) => Promise<number>;
  /** forget what is older than the limit's hour */
  prune: (before: string) => Promise<void>;
};

const HOUR_MS = 60 * 60_000;

/**
 * true when the client may open another case now; counts the case when it may. (Two requests of one client at the
 * same moment on two instances may both be admitted: the limit bounds a flood, not an exact number.)
 */
export async function admitCase(intake: HandoffIntake, client: string, perHour: number, now: Date): Promise<boolean> {
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  if ((await intake.count(client, hourAgo)) >= perHour) return false;
  await intake.prune(hourAgo);
  await intake.add(client, now.toISOString());
  return true;
}
