import { Culture } from '@microsoft/recognizers-text';
import { recognizeBoolean } from '@microsoft/recognizers-text-choice';
import type { Config } from '../config.js';
import type { Clause } from './clauses.js';
import type { CueHit } from './cue-matcher.js';
import { createRefiner } from './refines.js';
import { DISTINCT_EVIDENCE, namesOtherService, narrowerOf, ownEvidence, standsOut, withTopic } from './close-guides.js';
import type { Candidate, GuideIndex } from './guide-index.js';
import type { Passage } from './passages.js';
import type { Content } from './load-content.js';
import { createListReader, type LanguagePack, type ReadingLists } from '../language/language-pack.js';
import { consistsOf, hasAnyPhrase, tokenize, wordMatches } from '../language/text.js';

export type Understanding =
  | { kind: 'handoff'; reason: 'asked' | 'notHelpful' }
  | { kind: 'switchLanguage'; locale: string }
  | { kind: 'smalltalk'; topic: string }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'guide'; guideId: string; confidence: number; candidates: Candidate[]; followUp: boolean; passage?: Passage; trouble?: boolean }
  | { kind: 'clarify'; guideIds: string[]; vague: boolean; confidence: number; candidates: Candidate[] }
  | { kind: 'fallback'; declineId?: string; notWorked?: boolean; confidence: number; candidates: Candidate[] };

export type Context = { lastGuideId?: string; awaitingYesNo: boolean };

export type Thresholds = Pick<Config, 'ANSWER_MIN_SCORE' | 'CLARIFY_RATIO' | 'DECLINE_MIN_SCORE' | 'DECLINE_RATIO'>;

const MAX_YES_NO_WORDS = 5;
// A clarifying question offers at most this many guides, so the buttons fit a phone screen.
const MAX_CHOICES = 4;

/** A clause of the message with its words, split once per reading. */
type Read = Clause & { tokens: string[] };

export type UnderstandingDeps = {
  index: GuideIndex;
  cuesIn: (tokens: readonly string[]) => CueHit[];
  passageOf: (guideId: string, text: string) => Passage | undefined;
  packs: ReadonlyMap<string, LanguagePack>;
  topics: Content['topics'];
  thresholds: Thresholds;
  /** the language a message is written in, when it can be told */
  localeOf: (text: string) => string | undefined;
};

// A matched word this strong (after its clause's weight) is one of the guide's own words, not an everyday one.
const STRONG_WORD = 0.9;
// Small talk with at most this many other words is still small talk ("ok, leidsin üles, aitäh!"); more is a question.
const MAX_SMALLTALK_REST = 3;

export function createUnderstanding({ index, cuesIn, passageOf, packs, topics, thresholds, localeOf }: UnderstandingDeps) {
  const all = [...packs.values()];
  // Every language's lists, read as the message's language reads them ("need" is a wish in English only).
  const listsFor = createListReader(all);
  /**
   * The asking part of the message wants something a guide does not do, and nothing a guide does. A bare "Miks nii?"
   * or "what's going on?" asks about the story before it, so then the story is read too (not what they had).
   */
  const wantsOther = (clauses: readonly Read[], { bareQuestions, otherWants, setupWants }: ReadingLists) => {
    let asking = clauses.filter((c) => c.weight === 1).map((c) => c.tokens);
    const bare = asking.every((t) => t.every((w) => ignorable.has(w)) || onlyOf(t, bareQuestions));
    if (bare) asking = clauses.filter((c) => !c.already).map((c) => c.tokens);
    return asking.some((t) => hasAnyPhrase(t, otherWants)) && !asking.some((t) => hasAnyPhrase(t, setupWants));
  };
  const ignorable = new Set(all.flatMap((p) => [...p.filler, ...p.stopwords]));
  // "How do I activate it?" offers every service that is switched on: the guides whose title says so ("Activating …").
  const vagueGuides = [...topics]
    .filter(([, byLocale]) => [...byLocale.values()].some((g) => g.kind === 'guide' && hasAnyPhrase(tokenize(g.title), listsFor(undefined).vague)))
    .map(([id]) => id);

  const givesWay = new Map([...topics].map(([id, byLocale]) => [id, [...byLocale.values()].flatMap((g) => g.givesWay)]));
  // "Refund bank-link payments": the refining guide named with its base service's words takes both scores.
  const refined = createRefiner(topics);

  const onlyOf = (tokens: string[], phrases: readonly (readonly string[])[]) => consistsOf(tokens, phrases, ignorable);

  /**
   * A greeting, thanks or goodbye: the whole message, or its point when nothing else in it asks for a guide or an
   * out-of-scope topic ("ok, leidsin üles, aitäh!", "thanks! how are you?").
   */
  function smalltalkTopic(tokens: string[], asksSomething: boolean, closing: boolean): string | undefined {
    let topic: string | undefined;
    const covered = new Set<string>();
    for (const pack of all) {
      for (const [kind, phrases] of pack.smalltalk) {
        for (const phrase of phrases) {
          if (!hasAnyPhrase(tokens, [phrase])) continue;
          topic ??= kind;
          for (const t of tokens) if (phrase.some((w) => wordMatches(t, w))) covered.add(t);
        }
      }
    }
    const rest = tokens.filter((t) => !covered.has(t) && !ignorable.has(t));
    // "Hey! I'm the accountant for three webshops and can't find last month's invoice…" is a question with a greeting.
    if (topic && closing && (topic === 'thanks' || topic === 'bye')) return topic;
    return topic && (rest.length === 0 || (!asksSomething && rest.length <= MAX_SMALLTALK_REST)) ? topic : undefined;
  }

  // Microsoft's recognizer knows "sure, go ahead" or "nope" in the languages it supports (not Estonian: that is
  // what the yes/no lists in content/languages are for). Only short replies: "yes, and shipping?" is a new question.
  const cultures = all.map((p) => p.webchatLocale.toLowerCase()).filter((c) => Culture.getSupportedCultureCodes().includes(c));
  const recognizedYesNo = (text: string, tokens: string[]): boolean | undefined => {
    if (tokens.length > MAX_YES_NO_WORDS) return undefined;
    const found = cultures.flatMap((culture) => recognizeBoolean(text, culture))[0];
    return found ? (found.resolution as { value: boolean }).value : undefined;
  };

  return function understand(text: string, context: Context): Understanding {
    const tokens = tokenize(text);
    const locale = localeOf(text);
    const lists = listsFor(locale);
    const { botQuestions, handoff, notHelpful, yes, no, notWorked, worked, detail, setupWants, followup, vague } = lists;
    // "Am I talking to a bot or a real person?" asks what the bot is before it asks for anyone.
    if (hasAnyPhrase(tokens, botQuestions)) return { kind: 'smalltalk', topic: 'bot' };
    if (hasAnyPhrase(tokens, handoff)) return { kind: 'handoff', reason: 'asked' };
    if (hasAnyPhrase(tokens, notHelpful)) return { kind: 'handoff', reason: 'notHelpful' };
    if (context.awaitingYesNo) {
      const answer = onlyOf(tokens, yes) ? true : onlyOf(tokens, no) ? false : recognizedYesNo(text, tokens);
      if (answer !== undefined) return { kind: answer ? 'yes' : 'no' };
    }

    const { lastGuideId } = context;
    // "Tegin kõik läbi ja nüüd töötab" tells of success, not of trouble.
    const trouble = hasAnyPhrase(tokens, notWorked) && !hasAnyPhrase(tokens, worked);
    // A sub-step, a wait or "it didn't work" is answered with the guide's passage about it first.
    const guide = (guideId: string, followUp: boolean, confidence: number, candidates: Candidate[]): Understanding => ({
      kind: 'guide',
      guideId,
      confidence,
      candidates,
      followUp,
      passage: followUp || trouble || hasAnyPhrase(tokens, detail) ? passageOf(guideId, text) : undefined,
      trouble,
    });
    const candidates = withTopic(refined(index.search(text, locale)), lastGuideId);
    const guides = candidates.filter((c) => c.kind === 'guide');
    const [first, second] = guides;
    // An out-of-scope topic that gives way to a guide the merchant named is not meant (users and roles → API keys).
    const namedGuides = new Set(candidates.filter((c) => c.kind === 'guide' && c.named).map((c) => c.id));
    const meant = (declineId: string) => !(givesWay.get(declineId) ?? []).some((id) => namedGuides.has(id));
    const decline = candidates.find((c) => c.kind === 'decline' && meant(c.id));
    // A guide is given only on a word of its own, not on a heap of everyday ones ("saaks", "maksta", "Montonio").
    const confident = first !== undefined && first.score >= thresholds.ANSWER_MIN_SCORE && (first.named || first.matched.some((m) => m.score >= STRONG_WORD));
    const confidence = first ? first.score / (first.score + (second?.score ?? 0) + 1) : 0;
    // What the merchant wants decides before which service they name: "card payment fees" is about fees.
    // A cue counts where the merchant asks; in the story around it only when the asking part wants no setup ("our old
    // provider's fees kept rising, how do I activate bank payments?" is a setup question); never where they say what
    // they have or had. One with an order number counts anywhere.
    const clauses: Read[] = index.clauses(text, locale).map((c) => ({ ...c, tokens: tokenize(c.text) }));
    const asksSetup = clauses.some((c) => c.weight === 1 && hasAnyPhrase(c.tokens, setupWants));
    const counts = (c: Read, hit: CueHit) => hit.anywhere || c.weight === 1 || !asksSetup;
    // The longest cue says most: "klient maksis ära, aga raha pole kontol" is about the payout.
    const cue = clauses.flatMap((c) => cuesIn(c.tokens).filter((hit) => counts(c, hit) && meant(hit.topic))).sort((a, b) => b.words - a.words)[0];

    const switchTo = all.find((p) => hasAnyPhrase(tokens, p.switchTo));
    if (switchTo && !confident) return { kind: 'switchLanguage', locale: switchTo.code };
    // Thanks that ask nothing and tell of no trouble close the chat, whatever service they mention ("thanks, card
    // payments are live now!").
    const asks = text.includes('?') || hasAnyPhrase(tokens, lists.wanted);
    const closing = !trouble && !asks && cue === undefined;
    const smalltalk = smalltalkTopic(tokens, cue !== undefined || guides.some((c) => c.named && c.score >= thresholds.ANSWER_MIN_SCORE), closing);
    if (smalltalk) return { kind: 'smalltalk', topic: smalltalk };
    if (cue) return { kind: 'fallback', declineId: cue.topic, confidence, candidates };
    // An out-of-scope keyword (not a cue) wins over a guide whose service the merchant named only when it outweighs the
    // whole guide: "makselink … arve" is a payment link for an invoice, not a question about Montonio's invoices.
    const guideWeight = first ? (first.named ? first.score : first.score - first.nameBonus) : 0;
    if (decline && decline.score >= thresholds.DECLINE_MIN_SCORE && (!first || decline.score >= thresholds.DECLINE_RATIO * guideWeight)) {
      return { kind: 'fallback', declineId: decline.id, confidence, candidates };
    }
    if (wantsOther(clauses, lists)) return { kind: 'fallback', declineId: decline?.id, confidence, candidates };
    // After a guide, "it didn't work" in any words is not a new question: the same guide again would ignore it.
    if (lastGuideId && trouble && !namesOtherService(guides, lastGuideId)) {
      return { kind: 'fallback', notWorked: true, confidence, candidates };
    }
    if (!confident) {
      if (lastGuideId && (hasAnyPhrase(tokens, followup) || hasAnyPhrase(tokens, vague) || (first?.score ?? 0) > 0)) {
        return guide(lastGuideId, true, confidence, candidates);
      }
      if (hasAnyPhrase(tokens, vague)) return { kind: 'clarify', guideIds: vagueGuides, vague: true, confidence, candidates };
      return { kind: 'fallback', confidence, candidates };
    }
    const close = guides.filter((c) => c.score >= thresholds.CLARIFY_RATIO * first.score).slice(0, MAX_CHOICES);
    const narrower = close.length === 2 ? narrowerOf(index, close[0] as Candidate, close[1] as Candidate) : undefined;
    if (narrower) return guide(narrower.id, false, confidence, candidates);
    // Of close guides, the one whose service the merchant named: "submitted the form for cards, how long until approval".
    const namedClose = close.filter(
      (c) =>
        c.named &&
        ownEvidence(
          c,
          close.filter((o) => o !== c),
        ) >= DISTINCT_EVIDENCE,
    );
    if (close.length > 1 && namedClose.length === 1) return guide((namedClose[0] as Candidate).id, false, confidence, candidates);
    if (close.length > 1 && !standsOut(first, close.slice(1))) {
      if (lastGuideId && close.some((c) => c.id === lastGuideId)) {
        return guide(lastGuideId, true, confidence, candidates);
      }
      return { kind: 'clarify', guideIds: close.map((c) => c.id), vague: false, confidence, candidates };
    }
    return guide(first.id, first.id === lastGuideId, confidence, candidates);
  };
}

export type Understand = ReturnType<typeof createUnderstanding>;
