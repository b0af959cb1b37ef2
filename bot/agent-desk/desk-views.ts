import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { CaseView, Line, QueueItem } from '../handoff/agent-views.js';
import { bestGuessOf, confidenceWord, countedQuestions, headlineOf } from '../handoff/case-summary.js';
import type { MailOutbox } from '../handoff/mail-outbox.js';
import type { CaseStatus, HandoffCase, HandoffStore } from '../handoff/handoff-store.js';

// The console shows what needs a person: chats waiting or taken, and requests left for an e-mail answer.
export const CONSOLE_STATUSES: CaseStatus[] = ['waiting', 'active', 'filed'];

/** What the agent console reads: plain data, no markup (the browser puts it into text nodes). */
export function createDeskViews(deps: { store: HandoffStore; outbox: MailOutbox; mailConfigured: boolean; knowledge: () => KnowledgeBase; now: () => Date }) {
  const item = (c: HandoffCase): QueueItem => {
    const best = bestGuessOf(c);
    const title = best && deps.knowledge().content.topics.get(best.guideId)?.get(c.locale)?.title;
    const since = c.status === 'waiting' || !c.claimedAt ? deps.now() : new Date(c.claimedAt);
    return {
      id: c.id,
      status: c.status,
      locale: c.locale,
      storeId: c.packet.storeId,
      firstQuestion: headlineOf(c),
      bestGuess: best && { guideId: best.guideId, title: title ?? best.guideId, confidence: confidenceWord(best.confidence, best.kind) },
      createdAt: c.createdAt,
      waitingSeconds: Math.max(0, Math.round((since.getTime() - Date.parse(c.createdAt)) / 1000)),
      agent: c.agent,
      email: c.email,
    };
  };

  return {
    queue: async (): Promise<QueueItem[]> => (await deps.store.list(CONSOLE_STATUSES)).map(item),
    /** one case as the queue shows it; undefined when it has left the console's lists */
    async queueItem(caseId: string): Promise<QueueItem | undefined> {
      const c = await deps.store.get(caseId);
      return c && CONSOLE_STATUSES.includes(c.status) ? item(c) : undefined;
    },
    async detail(caseId: string): Promise<CaseView | undefined> {
      const c = await deps.store.get(caseId);
      if (!c) return undefined;
      const seen = new Set<string>();
      // Each activity once: a transcript read back can hold an activity twice (sent, then updated).
      const once = c.transcript.filter((a) => !a.id || (!seen.has(a.id) && Boolean(seen.add(a.id))));
      const before: Line[] = once.map((a) => ({
        at: new Date(a.timestamp ?? c.createdAt).toISOString(),
        kind: a.from?.role === 'user' ? 'merchant' : 'bot',
        author: '',
        text: a.text ?? '',
      }));
      const [entries, mails] = await Promise.all([deps.store.entries(c.id), deps.outbox.forCase(c.id)]);
      const after: Line[] = entries.map((e) => ({ at: e.at, kind: e.kind, author: e.author, text: e.text }));
      return {
        ...item(c),
        reason: c.packet.reason,
        questions: countedQuestions(c.packet.questions),
        question: c.question,
        feedback: c.packet.feedback,
        lines: [...before, ...after],
        mails: mails.map(({ caseId: _, ...mail }) => mail),
        mailConfigured: deps.mailConfigured,
      };
    },
  };
}

export type DeskViews = ReturnType<typeof createDeskViews>;
