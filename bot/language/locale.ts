/**
 * The language of a locale as content/ and locales/ name it: "et-EE" → "et", "EN-us" → "en". Undefined without a
 * locale, so the caller's fallback (the conversation's language, DEFAULT_LOCALE) applies.
 */
export function languageOf(locale: string | undefined): string | undefined {
  return locale ? locale.slice(0, 2).toLowerCase() : undefined;
}
