import type { CaseView } from '../../bot/handoff/agent-views.js';
import { mailtoLink } from './agent-render.js';
import { el } from './console-data.js';

type T = (key: string, values?: Record<string, string | number>) => string;

const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '');

/** The e-mail answers of a case and what became of each: sent, retrying (with the error), failed, or a draft. */
export function renderMails(view: CaseView, t: T): HTMLElement | undefined {
  if (view.mails.length === 0) return undefined;
  const items = view.mails.map((mail) => {
    const state =
      mail.status === 'sent'
        ? t('mailSent', { to: mail.to, time: time(mail.sentAt) })
        : mail.status === 'failed'
          ? t('mailFailed', { attempts: mail.attempts, error: mail.lastError ?? '' })
          : mail.status === 'pending' && mail.attempts > 0
            ? t('mailRetry', { attempts: mail.attempts, error: mail.lastError ?? '', time: time(mail.nextAttemptAt) })
            : t(`mailStatus.${mail.status}`);
    const trouble = mail.status === 'failed' || (mail.status === 'pending' && mail.attempts > 0);
    return el(
      'li',
      { 'data-mail-status': mail.status, class: trouble ? 'trouble' : '' },
      el('span', { class: `tag mail-${mail.status}`, 'data-field': 'mail-status' }, t(`mailStatus.${mail.status}`)),
      el('p', { class: trouble ? 'alert' : 'notice', role: trouble ? 'alert' : 'status' }, state),
      el('pre', { class: 'mail-text' }, mail.text),
      (mail.status === 'draft' || mail.status === 'failed') && mailtoLink(mail.to, mail.subject, mail.text, t('mailDraftLink')),
    );
  });
  return el('section', { class: 'mails', 'aria-label': t('mails') }, el('h2', {}, t('mails')), el('ul', { id: 'mails' }, ...items));
}
