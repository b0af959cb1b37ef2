import type { Activity, CardAction } from 'botbuilder';
import { cardMessage, messageBack, openUrl, textMessage } from '../activities.js';
import type { ButtonValue } from './answer.js';
import type { Guide } from './guide.js';
import type { Content } from './load-content.js';
import { notesOf, type Passage } from './passages.js';
import { portalUrl } from './portal-map.js';
import type { Translator } from '../language/i18n.js';

export function button(title: string, value: ButtonValue): CardAction {
  return messageBack(title, value);
}

export type Composer = ReturnType<typeof createComposer>;

export function createComposer(content: Content, portalBaseUrl: string) {
  const guideIn = (id: string, locale: string) => content.topics.get(id)?.get(locale) as Guide;

  /** The guide's steps and notes; with a passage, that step or note first and the button on that step's page. */
  function guideReply(id: string, locale: string, t: Translator, storeId?: string, passage?: Passage): Partial<Activity> {
    const guide = guideIn(id, locale);
    const steps = guide.steps.map((s, i) => `${i + 1}. ${s.text}`).join('\n');
    const lead = passage ? leadOf(guide, passage, t) : undefined;
    const text = [`**${guide.title}**`, lead, lead ? `${t('answer.allSteps')}\n${steps}` : steps, guide.body].filter(Boolean).join('\n\n');
    const buttons: CardAction[] = [];
    const pageId = (passage?.kind === 'step' ? guide.steps[passage.index]?.page : undefined) ?? guide.page;
    const page = pageId ? content.portal.pages[pageId] : undefined;
    if (page) {
      const label = page.label[locale] ?? pageId;
      buttons.push(openUrl(t('answer.openPortal', { page: label }), portalUrl(portalBaseUrl, page, storeId)));
    }
    if (guide.article) buttons.push(openUrl(t('answer.readMore'), guide.article));
    return { ...cardMessage(text, buttons), textFormat: 'markdown' };
  }

  function leadOf(guide: Guide, passage: Passage, t: Translator): string | undefined {
    if (passage.kind === 'step') {
      const step = guide.steps[passage.index];
      return step ? t('answer.leadStep', { n: passage.index + 1, text: step.text }) : undefined;
    }
    const note = notesOf(guide)[passage.index];
    return note ? t('answer.leadNote', { text: note }) : undefined;
  }

  function feedbackQuestion(id: string, t: Translator): Partial<Activity> {
    const actions = [
      button(t('answer.feedbackYes'), { action: 'feedback', guideId: id, helpful: true }),
      button(t('answer.feedbackNo'), { action: 'feedback', guideId: id, helpful: false }),
    ];
    return { ...textMessage(t('answer.feedbackQuestion')), suggestedActions: { to: [], actions } };
  }

  function choices(text: string, ids: string[], locale: string): Partial<Activity> {
    return {
      ...textMessage(text),
      suggestedActions: { to: [], actions: ids.map((id) => button(guideIn(id, locale).title, { action: 'guide', guideId: id })) },
    };
  }

  function offerPerson(text: string, t: Translator): Partial<Activity> {
    return {
      ...textMessage(text),
      suggestedActions: { to: [], actions: [button(t('handoff.button'), { action: 'handoff' }), button(t('handoff.noThanks'), { action: 'noHandoff' })] },
    };
  }

  const topicIds = [...content.topics].filter(([, byLocale]) => [...byLocale.values()][0]?.kind === 'guide').map(([id]) => id);

  return {
    guideReply,
    feedbackQuestion,
    choices,
    offerPerson,
    declineText: (id: string, locale: string) => guideIn(id, locale).body,
    welcome: (t: Translator, locale: string) => choices(t('welcome.text'), topicIds, locale),
    text: textMessage,
  };
}
