import type { Activity } from 'botbuilder';

/** An activity read back from storage with its timestamp a Date, as botbuilder's MemoryTranscriptStore hands it back. */
export function withDate(activity: Activity): Activity {
  if (typeof activity.timestamp === 'string') activity.timestamp = new Date(activity.timestamp);
  return activity;
}
