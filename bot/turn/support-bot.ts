import { ActivityHandler, type Activity, type ConversationState, type InvokeResponse, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { type Answer, buttonValueOf } from '../knowledge/answer.js';
import type { Handoff } from '../handoff/start-handoff.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Translators } from '../language/i18n.js';
import { languageOf } from '../language/locale.js';
import { TEXT_CUT } from './intake.js';
import { tokenize } from '../language/text.js';
import { SECRET_FOUND } from '../mask-secrets-middleware.js';
import type { Records } from '../storage/records.js';
import { type Memory, type Reply, replyTo, replyToButton, type Turn } from './turn-replies.js';

export type { Memory } from './turn-replies.js';

// Words a message needs to count as a sentence in another language once the merchant has chosen one.
const REAL_SENTENCE_WORDS = 3;

/** A word of this language's own lists (greetings, thanks, small words) that no other language's lists have. */
function hasOwnWord(kb: KnowledgeBase, locale: string, text: string): boolean {
  const own = kb.content.languages.get(locale)?.vocabulary;
  const others = [...kb.content.languages.values()].filter((p) => p.code !== locale);
  return tokenize(text).some((w) => own?.has(w) && !others.some((p) => p.vocabulary.has(w)));
}

export type SupportBotDeps = {
  knowledge: () => KnowledgeBase;
  translators: Translators;
  state: ConversationState;
  records: Records;
  handoff: Handoff;
  defaultLocale: string;
  maxMessageChars: number;
  now?: () => Date;
};

/** The turn: language → understand → answer | clarify | hand off | fall back. */
export class SupportBot extends ActivityHandler {
  private readonly memory: StatePropertyAccessor<Memory>;

  constructor(private readonly deps: SupportBotDeps) {
    super();
    this.memory = deps.state.createProperty<Memory>('memory');
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const merchants = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (merchants.length > 0) await this.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.state.saveChanges(context);
  }

  /** botbuilder reads `value.action.type` unguarded: an adaptiveCard/action without an action is a 400, not a failed turn. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const action = (context.activity.value as { action?: unknown } | undefined)?.action;
    if (context.activity.name === 'adaptiveCard/action' && (typeof action !== 'object' || action === null)) {
      const error = { code: 'BadRequest', message: 'An adaptiveCard/action invoke needs value.action.' };
      return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: error } };
    }
    return super.onInvokeActivity(context);
  }

  private async begin(context: TurnContext, text: string, asked?: string): Promise<Turn & { writes: Promise<void>[] }> {
    const kb = this.deps.knowledge();
    const memory = await this.memory.get(context, { misses: 0, awaitingYesNo: false, feedback: [] });
    const storeId = (context.activity.channelData as { storeId?: unknown } | undefined)?.storeId;
    if (typeof storeId === 'string' && storeId !== '') memory.storeId = storeId;
    const locale = asked && kb.locales.includes(asked) ? asked : this.localeOf(kb, context, memory, text);
    memory.locale = locale;
    // Replies are decided synchronously; what they record is awaited before the turn ends.
    const writes: Promise<void>[] = [];
    const recordFeedback = (guideId: string, helpful: boolean) =>
      void writes.push(this.deps.records.addFeedback({ conversationId: context.activity.conversation.id, at: this.now(), locale, guideId, helpful }));
    return { kb, t: this.deps.translators.t(locale), locale, memory, recordFeedback, writes };
  }

  private localeOf(kb: KnowledgeBase, context: TurnContext, memory: Memory, text: string): string {
    const requested = languageOf(context.activity.locale);
    const current = memory.locale ?? (requested && kb.locales.includes(requested) ? requested : this.deps.defaultLocale);
    const detected = kb.detectLanguage(text);
    const sentence = tokenize(text).length >= REAL_SENTENCE_WORDS;
    if (sentence && detected.sure && detected.locale) memory.spokenLocale = detected.locale;
    if (!detected.locale || detected.locale === current) return current;
    // A language the merchant chose, or has written sentences in, holds against a brand name or two ("Apple Pay?"),
    // not against a word only the other language has ("aitäh").
    const held = memory.chosenLocale === current || memory.spokenLocale === current;
    if (!sentence && held && !hasOwnWord(kb, detected.locale, text)) return current;
    return detected.sure || memory.locale === undefined ? detected.locale : current;
  }

  private async welcome(context: TurnContext): Promise<void> {
    const turn = await this.begin(context, '');
    await this.send(context, turn, { activities: [turn.kb.compose.welcome(turn.t, turn.locale)], answer: { kind: 'smalltalk' } });
  }

  private async answer(context: TurnContext): Promise<void> {
    const button = buttonValueOf(context.activity.value);
    // Control characters carry nothing a merchant meant; they only confuse matching and rendering.
    const fullText = (context.activity.text ?? '').replace(/\p{Cc}+/gu, ' ');
    const text = fullText.slice(0, this.deps.maxMessageChars);
    const turn = await this.begin(context, text, button.kind === 'button' && button.value.action === 'language' ? button.value.locale : undefined);
    const { kb, t, locale, memory } = turn;
    const notes: Partial<Activity>[] = [];
    if (context.turnState.get(SECRET_FOUND)) notes.push(kb.compose.text(t('input.secret')));
    if (fullText.length > text.length || context.turnState.get(TEXT_CUT)) notes.push(kb.compose.text(t('input.tooLong')));

    let reply: Reply;
    if (button.kind === 'button') reply = replyToButton(turn, button.value);
    else if (button.kind === 'invalid' || !/[\p{L}\p{N}]/u.test(text)) {
      const attachmentOnly = (context.activity.attachments?.length ?? 0) > 0;
      reply = { activities: [kb.compose.text(t(attachmentOnly ? 'input.attachment' : 'input.empty'))], answer: { kind: 'fallback' } };
    } else {
      reply = replyTo(turn, kb.understand(text, { lastGuideId: memory.lastGuideId, awaitingYesNo: memory.awaitingYesNo }));
      turn.writes.push(
        this.deps.records.addTurn({
          conversationId: context.activity.conversation.id,
          at: this.now(),
          locale,
          question: text,
          answer: { ...reply.answer, locale },
        }),
      );
    }
    await Promise.all(turn.writes);
    const sent = await this.send(context, turn, { ...reply, activities: [...notes, ...reply.activities] });
    if (!reply.handoff) return;
    await this.deps.records.addHandoff({ conversationId: context.activity.conversation.id, at: this.now(), locale });
    await this.deps.handoff.start(context, reply.handoff, sent);
  }

  /** Sends the reply; answers what was sent, for the handoff's transcript. */
  private async send(context: TurnContext, turn: Turn, reply: Reply): Promise<Partial<Activity>[]> {
    if (reply.activities.length === 0) return [];
    const webchatLocale = turn.kb.content.languages.get(turn.locale)?.webchatLocale ?? turn.locale;
    const answer: Answer = { ...reply.answer, locale: turn.locale };
    const activities = reply.activities.map((a) => ({ ...a, locale: webchatLocale, channelData: { ...(a.channelData ?? {}), answer } }));
    await context.sendActivities(activities);
    return activities;
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}
