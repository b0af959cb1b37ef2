import type { KnowledgeBase } from './knowledge-base.js';
import { hasPhrase, tokenize } from '../language/text.js';
import type { Understanding } from './understand.js';

/** Where a question ends in a fresh conversation, in words an editor can act on. */
export type Route =
  | { kind: 'guide'; id: string }
  | { kind: 'clarify'; ids: string[] }
  | { kind: 'declined'; id?: string }
  | { kind: 'handoff'; trigger?: string }
  | { kind: 'other'; what: Understanding['kind'] };

export function routeOf(kb: KnowledgeBase, text: string): Route {
  const understood = kb.understand(text, { awaitingYesNo: false });
  switch (understood.kind) {
    case 'guide':
      return { kind: 'guide', id: understood.guideId };
    case 'clarify':
      return { kind: 'clarify', ids: understood.guideIds };
    case 'fallback':
      return { kind: 'declined', id: understood.declineId };
    case 'handoff':
      return { kind: 'handoff', trigger: handoffTrigger(kb, text) };
    default:
      return { kind: 'other', what: understood.kind };
  }
}

/** The entry of a language file's handoff (or notHelpful) list that the text contains, so the editor sees why. */
function handoffTrigger(kb: KnowledgeBase, text: string): string | undefined {
  const tokens = tokenize(text);
  for (const pack of kb.content.languages.values()) {
    const phrase = [...pack.handoff, ...pack.notHelpful].find((p) => hasPhrase(tokens, p));
    if (phrase) return phrase.join(' ');
  }
  return undefined;
}

/** The topic a question lands on, if it lands on exactly one. */
export function landedOn(route: Route): string | undefined {
  return route.kind === 'guide' || route.kind === 'declined' ? route.id : undefined;
}
