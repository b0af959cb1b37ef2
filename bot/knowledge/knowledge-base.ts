import type { Config } from '../config.js';
import { createComposer, type Composer } from './compose-reply.js';
import { createLanguageDetector, type Detection } from '../language/detect-language.js';
import { createUnderstanding, type Understand } from './understand.js';
import { createCueMatcher } from './cue-matcher.js';
import { createGuideIndex, type GuideIndex } from './guide-index.js';
import { type Content, loadContent } from './load-content.js';
import { createPassageFinder } from './passages.js';
import { memoize } from './memo.js';

// Distinct questions remembered with their reading; a knowledge base lives until the next content save, so a cached
// reading is never older than the guides it was made from.
const REMEMBERED_QUESTIONS = 5000;

/** Everything built from content/: swapped whole when an editor saves a file, never half-built. */
export type KnowledgeBase = {
  content: Content;
  index: GuideIndex;
  understand: Understand;
  detectLanguage: (text: string) => Detection;
  compose: Composer;
  locales: string[];
};

export type KnowledgeConfig = Pick<Config, 'CONTENT_DIR' | 'PORTAL_BASE_URL' | 'ANSWER_MIN_SCORE' | 'CLARIFY_RATIO' | 'DECLINE_MIN_SCORE' | 'DECLINE_RATIO'>;

export function buildKnowledgeBase(config: KnowledgeConfig, content: Content = loadContent(config.CONTENT_DIR)): KnowledgeBase {
  const index = createGuideIndex(content);
  const detectLanguage = memoize(createLanguageDetector(content.languages, index.localesOfWord), (text) => text, REMEMBERED_QUESTIONS);
  const understand = createUnderstanding({
    index,
    cuesIn: createCueMatcher(content),
    passageOf: createPassageFinder(content),
    packs: content.languages,
    topics: content.topics,
    thresholds: config,
    localeOf: (text) => detectLanguage(text).locale,
  });
  return {
    content,
    index,
    understand: memoize(understand, (text, c) => `${c.lastGuideId ?? ''}|${c.awaitingYesNo}|${text}`, REMEMBERED_QUESTIONS),
    detectLanguage,
    compose: createComposer(content, config.PORTAL_BASE_URL),
    locales: [...content.languages.keys()],
  };
}
