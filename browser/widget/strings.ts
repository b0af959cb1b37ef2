export type WidgetStrings = {
  title: string;
  launcher: { open: string };
  header: { language: string; switchLanguage: string; startOver: string; talkToPerson: string; close: string };
  status: { loading: string; failed: string; retry: string };
  panel: {
    transcript: string;
    input: string;
    send: string;
    suggestions: string;
    botSaid: string;
    /** with {{name}}: what a screen reader says before an agent's message */
    agentSaid: string;
    agentRole: string;
    youSaid: string;
    typing: string;
    notSent: string;
    resend: string;
    justNow: string;
  };
};

/** locales/<lng>/widget.json, put into the bundle by the server's esbuild step (bot/web/bundles.ts) */
declare const __WIDGET_STRINGS__: Record<string, WidgetStrings>;
/** each language's `webchatLocale` from content/languages/<lng>.yaml, put in by the same step */
declare const __WEBCHAT_LOCALES__: Record<string, string>;

export const LOCALES = Object.keys(__WIDGET_STRINGS__).sort();

export const stringsFor = (locale: string): WidgetStrings => __WIDGET_STRINGS__[locale] ?? (__WIDGET_STRINGS__[LOCALES[0] as string] as WidgetStrings);
// Activities carry a region (the bot's replies say et-EE); the widget's strings are keyed by language.
export const regionLocaleOf = (locale: string): string => __WEBCHAT_LOCALES__[locale] ?? locale;
export const languageOf = (locale: string | undefined): string | undefined => locale?.slice(0, 2).toLowerCase();

/** The language the switch offers: the next one after the current. */
export function otherLocale(locale: string): string {
  return LOCALES[(LOCALES.indexOf(locale) + 1) % LOCALES.length] as string;
}

export function supportedLocale(locale: string | undefined, fallback: string): string {
  const lang = languageOf(locale);
  return lang && LOCALES.includes(lang) ? lang : fallback;
}
