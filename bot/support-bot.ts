import { ActivityHandler, type Activity, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Answer, ButtonValue } from './compose-reply.js';
import type { Exchange, HandoffContext, HandoffReason } from './handoff/handoff-context.js';
import type { Handoff } from './handoff/start-handoff.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import type { Translators } from './language/i18n.js';
import { SECRET_FOUND } from './mask-secrets-middleware.js';
import type { Records } from './storage/records.js';
import type { Understanding } from './understand.js';

export type Memory = {
  locale?: string;
  storeId?: string;
  lastGuideId?: string;
  misses: number;
  awaitingYesNo: boolean;
  history: Exchange[];
  feedback: { guideId: string; helpful: boolean }[];
};

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

type Reply = { activities: Partial<Activity>[]; answer: Omit<Answer, 'locale'>; handoff?: HandoffContext };

// The handoff packet keeps the last few exchanges; older ones are in the transcript.
const HISTORY = 10;
// Two fallbacks in a row: the bot stops guessing and offers a person.
const MISSES_BEFORE_OFFER = 2;

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

  private async load(context: TurnContext): Promise<Memory> {
    const memory = await this.memory.get(context, { misses: 0, awaitingYesNo: false, history: [], feedback: [] });
    const storeId = (context.activity.channelData as { storeId?: unknown } | undefined)?.storeId;
    if (typeof storeId === 'string' && storeId !== '') memory.storeId = storeId;
    return memory;
  }

  private localeOf(context: TurnContext, memory: Memory, text: string): string {
    const kb = this.deps.knowledge();
    const requested = context.activity.locale?.slice(0, 2).toLowerCase();
    const current = memory.locale ?? (requested && kb.locales.includes(requested) ? requested : this.deps.defaultLocale);
    const detected = kb.detectLanguage(text);
    if (detected.locale && detected.locale !== current && (detected.sure || memory.locale === undefined)) return detected.locale;
    return current;
  }

  private async welcome(context: TurnContext): Promise<void> {
    const memory = await this.load(context);
    const locale = this.localeOf(context, memory, '');
    memory.locale = locale;
    const t = this.deps.translators.t(locale);
    await this.send(context, locale, { activities: [this.deps.knowledge().compose.welcome(t, locale)], answer: { kind: 'smalltalk' } });
  }

  private async answer(context: TurnContext): Promise<void> {
    const memory = await this.load(context);
    const value = context.activity.value as Partial<ButtonValue> | undefined;
    // Control characters carry nothing a merchant meant; they only confuse matching and rendering.
    const fullText = (context.activity.text ?? '').replace(/\p{Cc}+/gu, ' ');
    const text = fullText.slice(0, this.deps.maxMessageChars);
    const locale = value?.action === 'language' && value.locale && this.deps.knowledge().locales.includes(value.locale) ? value.locale : this.localeOf(context, memory, text);
    memory.locale = locale;
    const t = this.deps.translators.t(locale);
    const kb = this.deps.knowledge();
    const notes: Partial<Activity>[] = [];
    if (context.turnState.get(SECRET_FOUND)) notes.push(kb.compose.text(t('input.secret')));
    if (fullText.length > text.length) notes.push(kb.compose.text(t('input.tooLong')));

    let reply: Reply;
    if (value?.action) reply = await this.onButton(context, memory, locale, value as ButtonValue);
    else if (!/[\p{L}\p{N}]/u.test(text)) {
      const attachmentOnly = (context.activity.attachments?.length ?? 0) > 0;
      reply = { activities: [kb.compose.text(t(attachmentOnly ? 'input.attachment' : 'input.empty'))], answer: { kind: 'fallback' } };
    } else {
      const understood = kb.understand(text, { lastGuideId: memory.lastGuideId, awaitingYesNo: memory.awaitingYesNo });
      reply = this.onUnderstood(memory, locale, understood, text);
      memory.history = [...memory.history, { question: text, answer: { ...reply.answer, locale } }].slice(-HISTORY);
      this.deps.records.addTurn({ conversationId: context.activity.conversation.id, at: this.now(), locale, question: text, answer: { ...reply.answer, locale } });
    }
    await this.send(context, locale, { activities: [...notes, ...reply.activities], answer: reply.answer });
    if (reply.handoff) await this.deps.handoff.start(context, reply.handoff);
  }

  private onUnderstood(memory: Memory, locale: string, understood: Understanding, question: string): Reply {
    const { compose } = this.deps.knowledge();
    const t = this.deps.translators.t(locale);
    memory.awaitingYesNo = false;
    switch (understood.kind) {
      case 'handoff':
        return this.handOff(memory, locale, understood.reason, question);
      case 'yes':
        return this.handOff(memory, locale, 'accepted', question);
      case 'no':
        return { activities: [compose.text(t('smalltalk.declined'))], answer: { kind: 'smalltalk' } };
      case 'switchLanguage':
        if (memory.lastGuideId) return this.guide(memory, locale, memory.lastGuideId, undefined);
        return { activities: [compose.text(t('language.switched'))], answer: { kind: 'smalltalk' } };
      case 'smalltalk':
        return { activities: [compose.text(t(`smalltalk.${understood.topic}`))], answer: { kind: 'smalltalk' } };
      case 'guide':
        return this.guide(memory, locale, understood.guideId, understood.confidence);
      case 'clarify':
        return {
          activities: [compose.choices(t(understood.vague ? 'clarify.vague' : 'clarify.which'), understood.guideIds, locale)],
          answer: { kind: 'clarify', candidates: understood.guideIds, confidence: understood.confidence },
        };
      case 'fallback': {
        memory.misses += 1;
        memory.awaitingYesNo = true;
        const said = understood.declineId ? `${t('fallback.declined')} ${compose.declineText(understood.declineId, locale)}` : t('fallback.unknown');
        const offer = memory.misses >= MISSES_BEFORE_OFFER ? t('fallback.twoMisses') : t('fallback.offer');
        return { activities: [compose.text(said), compose.offerPerson(offer, t)], answer: { kind: 'fallback', confidence: understood.confidence } };
      }
    }
  }

  private guide(memory: Memory, locale: string, guideId: string, confidence: number | undefined): Reply {
    const { compose } = this.deps.knowledge();
    const t = this.deps.translators.t(locale);
    memory.lastGuideId = guideId;
    memory.misses = 0;
    return {
      activities: [compose.guideReply(guideId, locale, t, memory.storeId), compose.feedbackQuestion(guideId, t)],
      answer: { kind: 'guide', guideId, confidence },
    };
  }

  private async onButton(context: TurnContext, memory: Memory, locale: string, value: ButtonValue): Promise<Reply> {
    const kb = this.deps.knowledge();
    const t = this.deps.translators.t(locale);
    switch (value.action) {
      case 'guide':
        if (kb.content.topics.has(value.guideId)) return this.guide(memory, locale, value.guideId, 1);
        break;
      case 'feedback': {
        const record = { guideId: value.guideId, helpful: value.helpful === true };
        memory.feedback = [...memory.feedback, record];
        this.deps.records.addFeedback({ conversationId: context.activity.conversation.id, at: this.now(), locale, ...record });
        if (record.helpful) return { activities: [kb.compose.text(t('feedback.thanks'))], answer: { kind: 'smalltalk', guideId: value.guideId } };
        memory.awaitingYesNo = true;
        return { activities: [kb.compose.offerPerson(t('feedback.sorry'), t)], answer: { kind: 'fallback', guideId: value.guideId } };
      }
      case 'handoff':
        return this.handOff(memory, locale, 'accepted');
      case 'noHandoff':
        memory.awaitingYesNo = false;
        return { activities: [kb.compose.text(t('smalltalk.declined'))], answer: { kind: 'smalltalk' } };
      case 'language':
        if (memory.lastGuideId) return this.guide(memory, locale, memory.lastGuideId, undefined);
        return { activities: [kb.compose.text(t('language.switched'))], answer: { kind: 'smalltalk' } };
    }
    return { activities: [kb.compose.text(t('input.empty'))], answer: { kind: 'fallback' } };
  }

  private handOff(memory: Memory, locale: string, reason: HandoffReason, question?: string): Reply {
    const t = this.deps.translators.t(locale);
    memory.awaitingYesNo = false;
    const packet: HandoffContext = {
      reason,
      locale,
      storeId: memory.storeId,
      questions: [...memory.history.map((h) => h.question), ...(question ? [question] : [])],
      offered: memory.history.filter((h) => h.answer.guideId).map((h) => ({ guideId: h.answer.guideId as string, kind: h.answer.kind, confidence: h.answer.confidence })),
      feedback: memory.feedback,
    };
    const text = reason === 'notHelpful' ? t('handoff.afterNotHelpful') : t('handoff.started');
    return { activities: [this.deps.knowledge().compose.text(text)], answer: { kind: 'handoff' }, handoff: packet };
  }

  private async send(context: TurnContext, locale: string, reply: Reply): Promise<void> {
    if (reply.activities.length === 0) return;
    const pack = this.deps.knowledge().content.languages.get(locale);
    const answer: Answer = { ...reply.answer, locale };
    await context.sendActivities(
      reply.activities.map((a) => ({ ...a, locale: pack?.webchatLocale ?? locale, channelData: { ...(a.channelData ?? {}), answer } })),
    );
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}
