import { randomUUID } from 'node:crypto';
import { type Activity, ConversationState, MemoryStorage } from 'botbuilder';
import { createAdapter } from '../adapter.js';
import type { AppParts } from '../app.js';
import type { Candidate } from '../knowledge/guide-index.js';
import { maskSecretsMiddleware } from '../mask-secrets-middleware.js';
import { maskSecrets } from '../secrets.js';
import type { Records } from '../storage/records.js';
import { SupportBot } from '../support-bot.js';
import { createTurnRunner } from '../turn-runner.js';
import type { Understanding } from '../understand.js';

export type Preview = {
  question: string;
  locale: string;
  /** what the merchant would get, exactly as the bot sends it */
  replies: Activity[];
  understood: Understanding;
  detected: string | undefined;
  candidates: Candidate[];
};

// An editor's tries are not merchants' questions: they stay out of the records, the transcripts and the handoff queue.
const NO_RECORDS: Records = { addTurn: () => {}, addFeedback: () => {}, addHandoff: () => {}, misses: () => [], turns: () => [], feedback: () => [] };
const NO_HANDOFF = { start: async () => {} };

/** The real bot on the knowledge base that is serving, as a merchant's first message in a fresh conversation. */
export function createPreviewBot(parts: Pick<AppParts, 'config' | 'knowledge' | 'translators'>): (question: string, locale: string) => Promise<Preview> {
  const adapter = createAdapter(parts.config);
  adapter.use(maskSecretsMiddleware);
  return async (question, locale) => {
    const kb = parts.knowledge.current;
    const bot = new SupportBot({
      knowledge: () => kb,
      translators: parts.translators,
      state: new ConversationState(new MemoryStorage()),
      records: NO_RECORDS,
      handoff: NO_HANDOFF,
      defaultLocale: parts.config.DEFAULT_LOCALE,
      maxMessageChars: parts.config.MAX_MESSAGE_CHARS,
    });
    const run = createTurnRunner({ adapter, logic: (context) => bot.run(context) }, 'editor-preview');
    const replies = await run({ type: 'message', text: question, locale, conversation: { id: `preview-${randomUUID()}` } as never });
    const text = maskSecrets(question).text.slice(0, parts.config.MAX_MESSAGE_CHARS);
    return {
      question,
      locale,
      replies: replies.filter((r) => r.type === 'message'),
      understood: kb.understand(text, { awaitingYesNo: false }),
      detected: kb.detectLanguage(text).locale,
      candidates: kb.index.search(text),
    };
  };
}
