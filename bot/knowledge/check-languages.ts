import type { Translators } from '../language/i18n.js';
import type { KnowledgeBase } from './knowledge-base.js';

export function checkLanguages(kb: KnowledgeBase, translators: Translators, defaultLocale: string): void {
  const problems: string[] = [];
  if (!kb.locales.includes(defaultLocale)) problems.push(`DEFAULT_LOCALE "${defaultLocale}" has no content/languages/${defaultLocale}.yaml`);
  for (const locale of kb.locales) {
    if (!translators.locales.includes(locale)) problems.push(`content has language "${locale}" but locales/${locale}/ is missing`);
    for (const topic of kb.content.languages.get(locale)?.smalltalk.keys() ?? []) {
      if (!translators.t(locale)(`smalltalk.${topic}`, { defaultValue: '' }))
        problems.push(`locales/${locale}: no string "smalltalk.${topic}" for the small-talk kind in content/languages/${locale}.yaml`);
    }
  }
  if (problems.length > 0) throw new Error(`Languages do not line up:\n  ${problems.join('\n  ')}`);
}
