export type WidgetStrings = {
  title: string;
  launcher: { open: string };
  header: { language: string; switchLanguage: string; startOver: string; talkToPerson: string; close: string };
  status: { loading: string; failed: string; retry: string };
};

/** locales/<lng>/widget.json, put into the bundle by the server's esbuild step */
declare const __WIDGET_STRINGS__: Record<string, WidgetStrings>;

export const LOCALES = Object.keys(__WIDGET_STRINGS__).sort();

// Web Chat's own localizations are keyed by region; our content speaks these.
const WEBCHAT_LOCALES: Record<string, string> = { et: 'et-EE', en: 'en-US' };

export const stringsFor = (locale: string): WidgetStrings => __WIDGET_STRINGS__[locale] ?? (__WIDGET_STRINGS__[LOCALES[0] as string] as WidgetStrings);
export const webchatLocaleOf = (locale: string): string => WEBCHAT_LOCALES[locale] ?? locale;
export const languageOf = (locale: string | undefined): string | undefined => locale?.slice(0, 2).toLowerCase();

/** The language the switch offers: the next one after the current. */
export function otherLocale(locale: string): string {
  return LOCALES[(LOCALES.indexOf(locale) + 1) % LOCALES.length] as string;
}

export function supportedLocale(locale: string | undefined, fallback: string): string {
  const lang = languageOf(locale);
  return lang && LOCALES.includes(lang) ? lang : fallback;
}
