import { relative } from 'node:path';
import type { Guide } from './guide.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { foldText } from '../language/text.js';
import type { CheckProblem, Severity } from './check-problem.js';
import { type Route, routeOf } from './phrase-route.js';

/**
 * Runs every example phrasing through the real matcher, as a merchant's first message.
 * A guide's own example must get that guide; an out-of-scope topic's example (not used for matching) must not get a guide.
 */
export function checkPhrases(kb: KnowledgeBase): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const _ of phraseChecks(kb, problems));
  return problems;
}

/** The same, pausing between examples (the editor page, while chats go on). */
export async function checkPhrasesSliced(kb: KnowledgeBase, pause: () => Promise<void>): Promise<CheckProblem[]> {
  const problems: CheckProblem[] = [];
  for (const _ of phraseChecks(kb, problems)) await pause();
  return problems;
}

function* phraseChecks(kb: KnowledgeBase, problems: CheckProblem[]): Generator<void> {
  const seen = new Map<string, Guide>();
  const nameOf = (id: string, locale: string) => {
    const other = kb.content.topics.get(id)?.get(locale);
    return other ? `"${id}" (${relative(kb.content.dir, other.file)})` : `"${id}"`;
  };
  for (const byLocale of kb.content.topics.values()) {
    for (const guide of byLocale.values()) {
      for (const [i, phrase] of guide.phrases.entries()) {
        const at = (severity: Severity, message: string) => problems.push({ severity, file: guide.file, line: guide.lineOf(['phrases', i]), message });
        const key = `${guide.locale}:${foldText(phrase)}`;
        const twin = seen.get(key);
        if (twin && twin.id !== guide.id) {
          at('error', `the example "${phrase}" is also an example of ${nameOf(twin.id, guide.locale)}: keep it in one guide only.`);
          continue;
        }
        seen.set(key, guide);
        const route = routeOf(kb, phrase);
        const problem = guide.kind === 'guide' ? guideProblem(guide, phrase, route, nameOf) : declineProblem(guide, phrase, route, nameOf);
        if (problem) at(problem[0], problem[1]);
        yield;
      }
    }
  }
}

type Named = (id: string, locale: string) => string;

function guideProblem(guide: Guide, phrase: string, route: Route, nameOf: Named): [Severity, string] | undefined {
  const example = `the example "${phrase}"`;
  switch (route.kind) {
    case 'guide':
      if (route.id === guide.id) return undefined;
      return [
        'error',
        `${example} is answered with ${nameOf(route.id, guide.locale)} instead of this guide: add a keyword from the example to this guide, or move the example there.`,
      ];
    case 'clarify':
      if (route.ids.includes(guide.id)) {
        return [
          'warning',
          `${example} makes the bot ask which of ${route.ids.join(', ')} is meant instead of answering: a keyword that only this guide has would settle it.`,
        ];
      }
      return [
        'error',
        `${example} makes the bot ask about ${route.ids.join(', ')}, and this guide is not among them: add a keyword from the example to this guide.`,
      ];
    case 'declined':
      if (route.id)
        return [
          'error',
          `${example} is declined as the out-of-scope topic ${nameOf(route.id, guide.locale)}: reword it, or remove the shared word from that topic's keywords.`,
        ];
      return ['error', `${example} gets no answer (the bot says it cannot help): add the example's key words to this guide's keywords.`];
    case 'handoff':
      return [
        'error',
        `${example} hands the chat to a person${route.trigger ? ` because it contains "${route.trigger}" (content/languages/${guide.locale}.yaml)` : ''}: reword the example, or narrow that entry.`,
      ];
    case 'other':
      return [
        'error',
        `${example} is taken as ${route.what === 'smalltalk' ? 'small talk' : 'a request to change the language'}, not as a question: reword it.`,
      ];
  }
}

function declineProblem(decline: Guide, phrase: string, route: Route, nameOf: Named): [Severity, string] | undefined {
  const example = `the out-of-scope example "${phrase}"`;
  const how = 'out-of-scope topics are recognised by their keywords only, so add a keyword from it that no guide uses';
  if (route.kind === 'guide') return ['warning', `${example} is answered with the guide ${nameOf(route.id, decline.locale)}: ${how}.`];
  if (route.kind === 'clarify') return ['warning', `${example} makes the bot offer the guides ${route.ids.join(', ')}: ${how}.`];
  if (route.kind === 'declined' && route.id && route.id !== decline.id) {
    return ['warning', `${example} is declined with the explanation of ${nameOf(route.id, decline.locale)} instead of this one: ${how}.`];
  }
  return undefined;
}
