import type { CaseHistory } from './case-history.js';
import { headlineOf } from './case-summary.js';
import type { HandoffStore } from './handoff-store.js';
import type { MailOutbox } from './mail-outbox.js';

/**
 * Puts a case into the history when it is closed or answered by e-mail (again after a later note or answer): the
 * searchable fields, and every word the merchant, the bot and the agents wrote.
 */
export function createHistoryRecorder(deps: { store: HandoffStore; outbox: MailOutbox; history: CaseHistory }) {
  return async (caseId: string): Promise<void> => {
    const c = await deps.store.get(caseId);
    if (!c) return;
    const endedAt = c.status === 'closed' ? c.closedAt : c.answeredAt;
    if (!endedAt) return;
    const words = [
      c.question,
      ...c.packet.questions,
      ...c.transcript.map((a) => a.text),
      ...(await deps.store.entries(c.id)).filter((e) => e.kind !== 'status').map((e) => e.text),
      ...(await deps.outbox.forCase(c.id)).map((m) => m.text),
    ];
    await deps.history.put(
      {
        caseId: c.id,
        endedAt,
        createdAt: c.createdAt,
        outcome: c.answeredAt ? 'answered' : 'closed',
        storeId: c.packet.storeId,
        email: c.email,
        locale: c.locale,
        headline: headlineOf(c),
        agent: c.agent?.displayName,
      },
      words.filter(Boolean).join('\n'),
    );
  };
}
