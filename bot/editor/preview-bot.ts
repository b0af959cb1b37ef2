import { randomUUID } from 'node:crypto';
import { type Activity, ConversationState, MemoryStorage } from 'botbuilder';
import { createAdapter } from '../adapter.js';
import type { Candidate } from '../knowledge/guide-index.js';
import { maskSecretsMiddleware } from '../mask-secrets-middleware.js';
import { maskSecrets } from '../secrets.js';
import type { Records } from '../storage/records.js';
import { SupportBot } from '../turn/support-bot.js';
import { createTurn, useTurn } from '../turn/create-turn.js';
import { createTurnRunner } from '../turn/turn-runner.js';
import type { Understanding } from '../knowledge/understand.js';
import type { EditorParts } from './editor.js';

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
const NO_RECORDS: Records = {
  addTurn: async () => {},
  addFeedback: async () => {},
  addHandoff: async () => {},
  misses: async () => [],
  turns: async () => [],
  feedback: async () => [],
};
const NO_HANDOFF = { start: async () => {} };

/** The real bot on the knowledge base that is serving, as a merchant's first message in a fresh conversation. */
export function createPreviewBot(
  parts: Pick<EditorParts, 'config' | 'knowledge' | 'translators' | 'logger'>,
): (question: string, locale: string) => Promise<Preview> {
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
    // A bot and adapter per try: the try sees one knowledge base throughout, and its state goes with it.
    const turn = createTurn({
      middleware: [maskSecretsMiddleware],
      logic: (context) => bot.run(context),
      translators: parts.translators,
      logger: parts.logger,
      defaultLocale: parts.config.DEFAULT_LOCALE,
    });
    const run = createTurnRunner(useTurn(createAdapter(parts.config), turn), turn, 'editor-preview');
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
