/** Opening hours as rules: days (0 = Monday … 6 = Sunday) and minutes after local midnight. Empty: always open. */
export type SupportHours = { days: number[]; from: number; to: number }[];

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const RULE = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/i;

/** "Mon-Fri 09:00-17:00; Sat 10:00-14:00" → rules, or the problem in a sentence. */
export function parseSupportHours(text: string): SupportHours | string {
  const rules: SupportHours = [];
  for (const part of text
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = RULE.exec(part);
    if (!m) return `"${part}" is not like "Mon-Fri 09:00-17:00"`;
    const first = DAY_NAMES.indexOf((m[1] as string).toLowerCase());
    const last = m[2] ? DAY_NAMES.indexOf(m[2].toLowerCase()) : first;
    if (first < 0 || last < 0) return `"${part}": days are Mon, Tue, Wed, Thu, Fri, Sat, Sun`;
    const from = Number(m[3]) * 60 + Number(m[4]);
    const to = Number(m[5]) * 60 + Number(m[6]);
    if (Number(m[4]) > 59 || Number(m[6]) > 59 || from >= to || to > 24 * 60)
      return `"${part}": the opening time must be before the closing time, within one day`;
    const days: number[] = [];
    for (let d = first; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === last) break;
    }
    rules.push({ days, from, to });
  }
  return rules;
}

type LocalTime = { day: number; minutes: number };

// Building an Intl formatter costs more than a whole bot turn; one per language, time zone and shape is enough.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let known = formatters.get(key);
  if (!known) {
    known = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, known);
  }
  return known;
}

// Every handoff asks what time it is at the support desk, several times; the answer only changes once a minute.
const localTimes = new Map<string, LocalTime>();
const MAX_LOCAL_TIMES = 256;

export function localTime(date: Date, timeZone: string): LocalTime {
  const key = `${timeZone}|${Math.floor(date.getTime() / 60_000)}`;
  const known = localTimes.get(key);
  if (known) return known;
  const parts = formatter('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const time = { day: DAY_NAMES.indexOf(get('weekday').toLowerCase()), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
  if (localTimes.size >= MAX_LOCAL_TIMES) localTimes.clear();
  localTimes.set(key, time);
  return time;
}

export function isOpen(hours: SupportHours, timeZone: string, at: Date): boolean {
  if (hours.length === 0) return true;
  const { day, minutes } = localTime(at, timeZone);
  return hours.some((r) => r.days.includes(day) && minutes >= r.from && minutes < r.to);
}

/** When support opens next (now, if open); undefined only for an empty week. Jumps rule by rule, so DST shifts are re-checked. */
export function nextOpening(hours: SupportHours, timeZone: string, at: Date): Date | undefined {
  if (hours.length === 0) return at;
  let t = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  // 8 days of at most a few jumps each is always enough; the bound only guards against a bug looping forever.
  for (let step = 0; step < 64; step++) {
    if (isOpen(hours, timeZone, t)) return step === 0 ? at : t;
    const { day, minutes } = localTime(t, timeZone);
    const later = hours.filter((r) => r.days.includes(day) && r.from > minutes).map((r) => r.from);
    const jump = later.length > 0 ? Math.min(...later) - minutes : 24 * 60 - minutes;
    t = new Date(t.getTime() + jump * 60_000);
  }
  return undefined;
}

/** "E–R 09:00–17:00" in the merchant's language. */
export function describeHours(hours: SupportHours, locale: string): string {
  // 2024-01-01 was a Monday: day names come from Intl, so every language the bot speaks gets its own.
  const name = (d: number) => formatter(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + d)));
  const time = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return hours
    .map((r) => {
      const days = r.days.length > 1 ? `${name(r.days[0] as number)}–${name(r.days.at(-1) as number)}` : name(r.days[0] as number);
      return `${days} ${time(r.from)}–${time(r.to)}`;
    })
    .join(', ');
}

/** "esmaspäev 09:00" / "Monday 09:00", in the support team's time zone. */
export function describeMoment(at: Date, timeZone: string, locale: string): string {
  return formatter(locale, { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
