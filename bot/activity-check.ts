import { z } from 'zod';

const account = z.looseObject({ id: z.string(), name: z.string().nullish(), role: z.string().nullish() });
const moment = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date and time');

/** What the bot reads of an activity a client sends: a wrong type here is a 400, not a failed turn. Other fields pass. */
const ClientActivity = z.looseObject({
  type: z.string().min(1),
  id: z.string().nullish(),
  text: z.string().nullish(),
  locale: z.string().nullish(),
  name: z.string().nullish(),
  from: account.optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().nullish() })).nullish(),
  entities: z.array(z.looseObject({})).nullish(),
  timestamp: moment.nullish(),
  localTimestamp: moment.nullish(),
});

/** ...and what a Bot Framework channel must send on top: the conversation, and the fields of the reply path. */
const ChannelActivity = ClientActivity.extend({
  conversation: z.looseObject({ id: z.string().min(1) }),
  channelId: z.string().optional(),
  serviceUrl: z.string().optional(),
  deliveryMode: z.string().nullish(),
  recipient: account.optional(),
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
  expiration: moment.nullish(),
});

/**
 * A sentence saying what is wrong with a posted activity, or undefined when the bot can read it. The schemas are built
 * once: botbuilder's CloudAdapter.process builds its own on every request.
 */
export function activityProblem(body: unknown, from: 'bot framework' | 'web chat'): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a Bot Framework activity (a JSON object).';
  const checked = (from === 'bot framework' ? ChannelActivity : ClientActivity).safeParse(body);
  if (checked.success) return undefined;
  const field = checked.error.issues[0]?.path.join('.') ?? '';
  if (field === 'type') return 'The activity has no "type".';
  if (field.startsWith('conversation')) return 'The activity has no "conversation.id".';
  return `The activity's "${field}" is not valid.`;
}
