// Under a minute old a message says "just now"; after that its time of day, 24-hour, as both languages write it.
const JUST_NOW_MS = 60_000;

export function formatTime(iso: string, lang: string, justNow: string, now = Date.now()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  if (now - at.getTime() < JUST_NOW_MS) return justNow;
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  if (new Date(now).toDateString() === at.toDateString()) return time;
  return `${new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' }).format(at)} ${time}`;
}
