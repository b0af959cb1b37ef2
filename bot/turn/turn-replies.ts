import type { Activity } from 'botbuilder';
import type { Answer, ButtonValue } from '../knowledge/answer.js';
import type { HandoffReason, HandoffRequest } from '../handoff/handoff-context.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Passage } from '../knowledge/passages.js';
import type { Translator } from '../language/i18n.js';
import type { Understanding } from '../knowledge/understand.js';

export type Memory = {
  locale?: string;
  /** the merchant asked for this language: it holds until they write a real sentence in another */
  chosenLocale?: string;
  /** the language of the merchant's last real sentence (three words or more, surely detected) */
  spokenLocale?: string;
  storeId?: string;
  lastGuideId?: string;
  misses: number;
  awaitingYesNo: boolean;
  feedback: { guideId: string; helpful: boolean }[];
};

/** One turn's view of the world: a single knowledge base, so a live reload never mixes two versions in one reply. */
export type Turn = { kb: KnowledgeBase; t: Translator; locale: string; memory: Memory; recordFeedback: (guideId: string, helpful: boolean) => void };

export type Reply = { activities: Partial<Activity>[]; answer: Omit<Answer, 'locale'>; handoff?: HandoffRequest };

// Two fallbacks in a row: the bot stops guessing and offers a person.
const MISSES_BEFORE_OFFER = 2;

const say = (turn: Turn, key: string, answer: Reply['answer']): Reply => ({ activities: [turn.kb.compose.text(turn.t(key))], answer });

export function replyTo(turn: Turn, understood: Understanding): Reply {
  const { kb, t, locale, memory } = turn;
  memory.awaitingYesNo = false;
  switch (understood.kind) {
    case 'handoff':
      return handOff(turn, understood.reason);
    case 'yes':
      return handOff(turn, 'accepted');
    case 'no':
      return say(turn, 'smalltalk.declined', { kind: 'smalltalk' });
    case 'switchLanguage':
      memory.chosenLocale = locale;
      return memory.lastGuideId ? guide(turn, memory.lastGuideId, undefined) : say(turn, 'language.switched', { kind: 'smalltalk' });
    case 'smalltalk':
      return say(turn, `smalltalk.${understood.topic}`, { kind: 'smalltalk' });
    case 'guide':
      return guide(turn, understood.guideId, understood.confidence, understood.passage, understood.trouble);
    case 'clarify':
      return {
        activities: [kb.compose.choices(t(understood.vague ? 'clarify.vague' : 'clarify.which'), understood.guideIds, locale)],
        answer: { kind: 'clarify', candidates: understood.guideIds, confidence: understood.confidence },
      };
    case 'fallback': {
      memory.misses += 1;
      memory.awaitingYesNo = true;
      const said = understood.declineId
        ? `${t('fallback.declined')} ${kb.compose.declineText(understood.declineId, locale)}`
        : t(understood.notWorked ? 'fallback.notWorked' : 'fallback.unknown');
      const offer = memory.misses >= MISSES_BEFORE_OFFER && !understood.notWorked ? t('fallback.twoMisses') : t('fallback.offer');
      return { activities: [kb.compose.text(said), kb.compose.offerPerson(offer, t)], answer: { kind: 'fallback', confidence: understood.confidence } };
    }
  }
}

export function replyToButton(turn: Turn, value: ButtonValue): Reply {
  const { kb, t, memory } = turn;
  switch (value.action) {
    case 'guide':
      if (kb.content.topics.get(value.guideId)?.get(turn.locale)?.kind === 'guide') return guide(turn, value.guideId, 1);
      break;
    case 'feedback': {
      const helpful = value.helpful === true;
      memory.feedback = [...memory.feedback, { guideId: value.guideId, helpful }];
      turn.recordFeedback(value.guideId, helpful);
      if (helpful) return say(turn, 'feedback.thanks', { kind: 'smalltalk', guideId: value.guideId });
      memory.awaitingYesNo = true;
      return { activities: [kb.compose.offerPerson(t('feedback.sorry'), t)], answer: { kind: 'fallback', guideId: value.guideId } };
    }
    case 'handoff':
      return handOff(turn, 'accepted');
    case 'noHandoff':
      memory.awaitingYesNo = false;
      return say(turn, 'smalltalk.declined', { kind: 'smalltalk' });
    case 'language':
      memory.chosenLocale = turn.locale;
      return memory.lastGuideId ? guide(turn, memory.lastGuideId, undefined) : say(turn, 'language.switched', { kind: 'smalltalk' });
  }
  return say(turn, 'input.empty', { kind: 'fallback' });
}

/** A guide; when the merchant said something did not work, a person is offered with it instead of 👍/👎. */
function guide(turn: Turn, guideId: string, confidence: number | undefined, passage?: Passage, trouble = false): Reply {
  const { kb, t, locale, memory } = turn;
  memory.lastGuideId = guideId;
  memory.misses = 0;
  memory.awaitingYesNo = trouble;
  const after = trouble ? kb.compose.offerPerson(t('answer.troubleOffer'), t) : kb.compose.feedbackQuestion(guideId, t);
  return {
    activities: [kb.compose.guideReply(guideId, locale, t, memory.storeId, passage), after],
    answer: { kind: 'guide', guideId, confidence },
  };
}

function handOff(turn: Turn, reason: HandoffReason): Reply {
  const { memory, locale } = turn;
  memory.awaitingYesNo = false;
  const handoff: HandoffRequest = { reason, locale, storeId: memory.storeId, feedback: memory.feedback };
  return { ...say(turn, reason === 'notHelpful' ? 'handoff.afterNotHelpful' : 'handoff.started', { kind: 'handoff' }), handoff };
}
