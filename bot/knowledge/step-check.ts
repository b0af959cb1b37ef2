import { basename } from 'node:path';
import type { Guide } from './guide.js';
import type { Content } from './load-content.js';
import type { CheckProblem } from './check-problem.js';

/**
 * A translation must walk the merchant through the same screens: the same number of steps and the same Partner
 * System page at each step and on the button. Every language is compared with the first one (content/languages order).
 */
export function checkSteps(content: Content): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const [first, ...others] = [...content.languages.keys()];
  for (const byLocale of content.topics.values()) {
    const reference = first ? byLocale.get(first) : undefined;
    if (reference?.kind !== 'guide') continue;
    for (const locale of others) {
      const guide = byLocale.get(locale);
      if (guide) problems.push(...compare(reference, guide));
    }
  }
  return problems;
}

function compare(a: Guide, b: Guide): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const error = (line: number, message: string) => problems.push({ severity: 'error', file: b.file, line, message });
  const other = basename(a.file);
  if (a.steps.length !== b.steps.length) {
    error(
      b.lineOf(['steps']),
      `this version has ${b.steps.length} steps but ${other} has ${a.steps.length}: translate the missing step or remove the extra one.`,
    );
  }
  if ((a.page ?? '') !== (b.page ?? '')) {
    error(
      b.lineOf(['page']),
      `the button opens page "${b.page ?? ''}" but in ${other} it opens "${a.page ?? ''}": use the same Partner System page in both languages.`,
    );
  }
  const shared = Math.min(a.steps.length, b.steps.length);
  for (let i = 0; i < shared; i++) {
    const [pa, pb] = [a.steps[i]?.page, b.steps[i]?.page];
    if (pa === pb) continue;
    const said = (page: string | undefined) => (page ? `opens page "${page}"` : 'opens no page');
    error(
      b.lineOf(['steps', i, pb ? 'page' : 'text']),
      `step ${i + 1} ${said(pb)} but step ${i + 1} in ${other} ${said(pa)}: use the same Partner System page in both languages.`,
    );
  }
  return problems;
}
