import type { Translators } from '../language/i18n.js';
import type { HandoffCase } from './handoff-store.js';

/** The e-mail answer to a request left out of hours: in the merchant's language, their question quoted under the answer. */
export function composeAnswerMail(translators: Translators, c: HandoffCase, agentName: string, answer: string): { subject: string; text: string } {
  const t = translators.t(c.locale);
  const question = c.question ?? c.packet.questions[0] ?? '';
  const quoted = question
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const text = [
    t('handoff:mail.greeting'),
    t('handoff:answerIntro', { name: agentName }),
    answer,
    question ? `${t('handoff:mail.yourQuestion')}\n${quoted}` : '',
    t('handoff:mail.alsoInChat'),
    t('handoff:mail.signature'),
  ].filter(Boolean);
  return { subject: t('handoff:mail.subject'), text: `${text.join('\n\n')}\n` };
}
