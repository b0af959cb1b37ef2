import { describe, expect, it } from 'vitest';
import { describeHours, isOpen, nextOpening, parseSupportHours, type SupportHours } from '../../bot/staff/support-hours.js';

const TALLINN = 'Europe/Tallinn';
const WEEKDAYS = parseSupportHours('Mon-Fri 09:00-17:00') as SupportHours;

describe('support hours', () => {
  it('reads "Mon-Fri 09:00-17:00; Sat 10:00-14:00" and names the days in the merchant’s language', () => {
    const hours = parseSupportHours('Mon-Fri 09:00-17:00; Sat 10:00-14:00') as SupportHours;
    expect(describeHours(hours, 'et')).toBe('E–R 09:00–17:00, L 10:00–14:00');
    expect(describeHours(hours, 'en')).toBe('Mon–Fri 09:00–17:00, Sat 10:00–14:00');
  });

  it.each([
    ['Mon-Fri 9-17', /not like "Mon-Fri 09:00-17:00"/],
    ['Mon-Fry 09:00-17:00', /days are Mon, Tue/],
    ['Mon 17:00-09:00', /opening time must be before the closing time/],
  ])('explains what is wrong with "%s"', (text, message) => {
    expect(parseSupportHours(text)).toMatch(message);
  });

  it('is open on a Thursday at 10:00 in Tallinn and closed at 17:00 sharp', () => {
    expect(isOpen(WEEKDAYS, TALLINN, new Date('2026-11-26T08:00:00Z'))).toBe(true);
    expect(isOpen(WEEKDAYS, TALLINN, new Date('2026-11-26T15:00:00Z'))).toBe(false);
  });

  it('opens next on Monday 09:00 Tallinn time when asked on a Friday evening, in winter and in summer time', () => {
    expect(nextOpening(WEEKDAYS, TALLINN, new Date('2026-11-27T18:30:00Z'))?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(nextOpening(WEEKDAYS, TALLINN, new Date('2026-06-05T18:30:00Z'))?.toISOString()).toBe('2026-06-08T06:00:00.000Z');
  });

  it('opens the same morning when asked before opening, across the switch to summer time', () => {
    // Clocks go forward on Sunday 29 March 2026 in Tallinn: Monday 09:00 is 06:00 UTC.
    expect(nextOpening(WEEKDAYS, TALLINN, new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('is always open with no hours', () => {
    expect(isOpen([], TALLINN, new Date('2026-11-28T03:00:00Z'))).toBe(true);
  });
});
