import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { languageOf } from '../language/locale.js';
import { handoffEvents } from './handoff-events.js';
import type { CaseEvents } from './case-events.js';
import type { DeskStores } from './desk-stores.js';
import type { HandoffCase, HandoffStore } from './handoff-store.js';
import type { HandoffWebhook } from './handoff-webhook.js';
import { CANCEL_VALUE, type MerchantNotices } from './merchant-notices.js';
import { webhookBody } from './start-handoff.js';

export type HandoffTurnsDeps = {
  store: HandoffStore;
  /** a filed request and its webhook delivery are written in it */
  together: DeskStores['together'];
  notices: MerchantNotices;
  events: CaseEvents;
  webhook: HandoffWebhook;
  defaultLocale: string;
  now: () => Date;
};

// Long enough for any real address (RFC 5321 allows 254), short enough to keep junk out of the console.
const EMAIL = /[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}/u;
const MAX_EMAIL = 254;
// A question typed into the e-mail form: enough for a paragraph, not a pasted log file.
const MAX_QUESTION = 2000;

/**
 * Runs before the bot. While a case holds the conversation, the merchant's messages go to the agent side and the bot
 * stays silent; the Cancel button ends a wait; the e-mail form is filled in. Agent messages that could not be pushed
 * (a channel with no proactive path) go out first, with this turn's replies.
 */
export function createHandoffTurns(deps: HandoffTurnsDeps): Middleware {
  const { store, notices, events } = deps;
  const at = () => deps.now().toISOString();

  const record = async (c: HandoffCase, text: string, kind: 'merchant' | 'bot' = 'merchant') => {
    const entry = await store.addEntry({ caseId: c.id, at: at(), kind, author: '', text, delivered: true });
    events.publish({ type: 'entry', caseId: c.id, entry });
  };
  /** a notice from the bot, into the chat and into the case, so the agent reads what the merchant read */
  const say = async (context: TurnContext, c: HandoffCase, notice: Partial<Activity>) => {
    await context.sendActivity(notice);
    await record(c, notice.text ?? '', 'bot');
  };

  async function cancel(context: TurnContext, c: HandoffCase | undefined, quietly = false): Promise<void> {
    const cancelled = c && (await store.transition(c.id, ['waiting', 'collecting'], { status: 'cancelled', closedAt: at() }));
    const locale = cancelled?.locale ?? c?.locale ?? languageOf(context.activity.locale) ?? deps.defaultLocale;
    if (cancelled) {
      await store.addEntry({ caseId: cancelled.id, at: at(), kind: 'status', author: '', text: 'cancelled', delivered: true });
      await context.sendActivity(handoffEvents.status(context.activity.conversation, 'failed', 'cancelled by the merchant'));
      events.publish({ type: 'queue', caseId: cancelled.id });
    }
    if (!quietly) await context.sendActivity(notices.cancelled(locale, Boolean(cancelled)));
  }

  async function fillForm(context: TurnContext, c: HandoffCase, text: string, next: () => Promise<void>): Promise<void> {
    if (!c.email) {
      const email = EMAIL.exec(text)?.[0];
      if (!email || email.length > MAX_EMAIL) {
        // A second message without an address is a merchant who moved on: the bot answers it, the request is dropped.
        if (c.formMisses) {
          await cancel(context, c, true);
          return next();
        }
        await store.transition(c.id, ['collecting'], { formMisses: 1 });
        await record(c, text);
        return say(context, c, notices.badEmail(c.locale));
      }
      await record(c, text);
      await store.transition(c.id, ['collecting'], { email });
      return say(context, c, notices.askQuestion(c.locale));
    }
    await record(c, text);
    // Filed and its webhook delivery queued together, as a case and its delivery are when it opens (start-handoff.ts).
    let queued = false;
    const filed = await deps.together(async ({ store, webhooks }) => {
      const filed = await store.transition(c.id, ['collecting'], { status: 'filed', question: text.slice(0, MAX_QUESTION) });
      const delivery = filed && deps.webhook.delivery('handoff.filed', webhookBody(filed));
      if (delivery) await webhooks.add(delivery);
      queued = Boolean(delivery);
      return filed;
    });
    if (!filed) return;
    if (queued) deps.webhook.wake();
    events.publish({ type: 'queue', caseId: filed.id });
    await say(context, filed, notices.filed(c.locale, filed.email as string));
  }

  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (activity.type !== 'message') return next();
      const value = activity.value as { action?: unknown } | undefined;
      const cancelling = value?.action === CANCEL_VALUE.action;
      if (!cancelling && (await store.idle(activity.conversation.id))) return next();
      await flushUndelivered(context, store);
      const c = await store.openFor(activity.conversation.id);
      if (cancelling) return cancel(context, c);
      if (!c) return next();
      const text = shownText(activity);
      if (c.status === 'collecting') return fillForm(context, c, text, next);
      await record(c, text);
      if (c.status === 'waiting') await say(context, c, notices.waiting(c.locale, await store.position(c.id), { again: true }));
    },
  };
}

async function flushUndelivered(context: TurnContext, store: HandoffStore): Promise<void> {
  const waiting = await store.undelivered(context.activity.conversation.id);
  if (waiting.length === 0) return;
  await context.sendActivities(waiting.flatMap((e) => (e.activity ? [e.activity] : [])));
  await store.markDelivered(waiting.map((e) => e.seq));
}

/** The masked text, or what a button or attachment stood for. */
function shownText(activity: Partial<Activity>): string {
  const text = (activity.text ?? '').trim();
  if (text) return text;
  return (activity.attachments?.length ?? 0) > 0 ? '📎' : '…';
}
