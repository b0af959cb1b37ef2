import { createRequire } from 'node:module';
import { EventFactory } from 'botbuilder';

let zoneRemembered = false;

/**
 * botbuilder's EventFactory stamps every handoff event with dayjs.tz.guess(), which builds a new Intl.DateTimeFormat
 * on each call: about 0.15 ms, a third of a whole turn, twice per handoff. The process's time zone does not change
 * while it runs, so the guess is made once, on botbuilder's own dayjs (resolved from botbuilder's folder).
 */
function rememberTimeZone(): void {
  if (zoneRemembered) return;
  zoneRemembered = true;
  const fromBotbuilder = createRequire(createRequire(import.meta.url).resolve('botbuilder'));
  const dayjs = fromBotbuilder('dayjs') as { tz?: { guess: () => string } };
  if (!dayjs.tz) return;
  const zone = dayjs.tz.guess();
  dayjs.tz.guess = () => zone;
}

/** The Bot Framework handoff events (handoff.initiate, handoff.status), as botbuilder's EventFactory makes them. */
export const handoffEvents = {
  initiation(...args: Parameters<typeof EventFactory.createHandoffInitiation>) {
    rememberTimeZone();
    return EventFactory.createHandoffInitiation(...args);
  },
  status(...args: Parameters<typeof EventFactory.createHandoffStatus>) {
    rememberTimeZone();
    return EventFactory.createHandoffStatus(...args);
  },
};
