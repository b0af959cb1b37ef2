import type { MissedGroup } from './missed-report.js';
import type { Route } from '../knowledge/phrase-route.js';

const COLUMNS = [
  'last_seen',
  'first_seen',
  'language',
  'count',
  'fallbacks',
  'clarifications',
  'not_helpful',
  'handoffs',
  'handed_over_after_guide',
  'asked_again',
  'question',
  'other_wordings',
  'answer_now',
  'suggested_guide',
  'suggested_file',
  'front_matter_line',
] as const;

/** The report as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read õ, ä, ö, ü right). */
export function missedCsv(groups: MissedGroup[]): string {
  const rows = groups.map((g) => [
    g.lastAt,
    g.firstAt,
    g.locale,
    String(g.count),
    String(g.kinds.fallback),
    String(g.kinds.clarify),
    String(g.kinds.notHelpful),
    String(g.kinds.handoff),
    String(g.kinds.afterGuide),
    String(g.kinds.askedAgain),
    g.question,
    g.examples.slice(1).join(' | '),
    describeRoute(g.now),
    g.suggestion?.guideId ?? '',
    g.suggestion?.file ?? '',
    g.suggestion?.frontMatterLine.trim() ?? '',
  ]);
  return `\uFEFF${[COLUMNS as readonly string[], ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function describeRoute(route: Route): string {
  switch (route.kind) {
    case 'guide':
      return `guide ${route.id}`;
    case 'clarify':
      return `asks: ${route.ids.join(' / ')}`;
    case 'declined':
      return route.id ? `declined (${route.id})` : 'no answer';
    case 'handoff':
      return 'hands over to a person';
    case 'other':
      return route.what;
  }
}

/** Quotes every cell; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
