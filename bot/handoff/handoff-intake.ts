/** Cases opened per client, for HANDOFF_CASES_PER_HOUR. A client is one user of one channel (see start-handoff.ts). */
export type HandoffIntake = {
  /**
   * Counts a case for `client` at `at` if it opened fewer than `limit` since `since`, and says whether it did. The
   * check and the count are one step: two requests of one client at the same moment, on one instance or two, are
   * admitted one after the other, so the limit holds exactly. Forgets what is older than `since`.
   */
  admit: (client: string, since: string, at: string, limit: number) => Promise<boolean>;
};

const HOUR_MS = 60 * 60_000;

/** true when the client may open another case now (at most `perHour` in the last hour); counts the case when it may. */
export function admitCase(intake: HandoffIntake, client: string, perHour: number, now: Date): Promise<boolean> {
  return intake.admit(client, new Date(now.getTime() - HOUR_MS).toISOString(), now.toISOString(), perHour);
}
