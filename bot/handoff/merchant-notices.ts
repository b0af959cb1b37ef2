import type { Activity } from 'botbuilder';
import { messageBack, textMessage } from '../activities.js';
import type { Translators } from '../language/i18n.js';
import { describeHours, describeMoment, nextOpening, type SupportHours } from '../staff/support-hours.js';

/** The value of the "Cancel" button under waiting notices; the handoff middleware acts on it before the bot. */
export const CANCEL_VALUE = { action: 'cancelHandoff' } as const;

export type NoticeKind = 'waiting' | 'joined' | 'closed' | 'cancelled' | 'offline' | 'form' | 'filed' | 'answer' | 'expired' | 'limit';

/** What the merchant is told about the handoff, in their language; notices about waiting carry a Cancel button. */
export function createMerchantNotices(deps: { translators: Translators; webchatLocale: (locale: string) => string; hours: SupportHours; timeZone: string }) {
  const { translators } = deps;

  const notice = (locale: string, kind: NoticeKind, text: string, cancellable = false): Partial<Activity> => {
    const activity: Partial<Activity> = {
      ...textMessage(text),
      locale: deps.webchatLocale(locale),
      textFormat: 'plain',
      channelData: { handoff: { notice: kind } },
    };
    if (cancellable) activity.suggestedActions = { to: [], actions: [messageBack(translators.t(locale)('handoff:cancelButton'), CANCEL_VALUE)] };
    return activity;
  };

  return {
    /** a place in the queue; `moved`: pushed because the place or the expected wait changed. Minutes only with enough data. */
    waiting(locale: string, position: number, o: { again?: boolean; moved?: boolean; minutes?: number } = {}) {
      const t = translators.t(locale);
      const place = t(o.moved ? 'handoff:moved' : o.again ? 'handoff:waitingAgain' : 'handoff:waiting', { position });
      return notice(locale, 'waiting', o.minutes === undefined ? place : `${place} ${t('handoff:expectedWait', { minutes: o.minutes })}`, true);
    },
    expired: (locale: string, minutes: number) => notice(locale, 'expired', translators.t(locale)('handoff:expired', { minutes })),
    limit: (locale: string) => notice(locale, 'limit', translators.t(locale)('handoff:limit')),
    joined: (locale: string, name: string) => notice(locale, 'joined', translators.t(locale)('handoff:joined', { name })),
    closed: (locale: string, name: string) => notice(locale, 'closed', translators.t(locale)('handoff:closed', { name })),
    cancelled: (locale: string, hadRequest: boolean) =>
      notice(locale, 'cancelled', translators.t(locale)(hadRequest ? 'handoff:cancelled' : 'handoff:nothingToCancel')),
    /** support closed or nobody online: when it opens, and the request for an e-mail address */
    offline(locale: string, at: Date, closed: boolean): Partial<Activity> {
      const t = translators.t(locale);
      const next = nextOpening(deps.hours, deps.timeZone, at);
      const why =
        closed && next
          ? t('handoff:offline.closedNow', { hours: describeHours(deps.hours, locale), next: describeMoment(next, deps.timeZone, locale) })
          : t('handoff:offline.noAgent');
      return notice(locale, 'offline', `${why} ${t('handoff:offline.askEmail')}`, true);
    },
    badEmail: (locale: string) => notice(locale, 'form', translators.t(locale)('handoff:offline.badEmail'), true),
    askQuestion: (locale: string) => notice(locale, 'form', translators.t(locale)('handoff:offline.askQuestion'), true),
    filed: (locale: string, email: string) => notice(locale, 'filed', translators.t(locale)('handoff:offline.filed', { email })),
    answerIntro: (locale: string, name: string) => translators.t(locale)('handoff:answerIntro', { name }),
  };
}

export type MerchantNotices = ReturnType<typeof createMerchantNotices>;
