import type { Activity, CardAction, ConversationReference } from 'botbuilder';

// Activities as plain data, shaped as botbuilder's MessageFactory, EventFactory and TurnContext make them, so that
// composing replies and the handoff import nothing from botbuilder but its types.

/** A text message (MessageFactory.text). */
export function textMessage(text: string): Partial<Activity> {
  return { type: 'message', text, inputHint: 'acceptingInput' };
}

/** A button that sends `value` back (messageBack) and shows its title as the merchant's line. */
export function messageBack(title: string, value: unknown): CardAction {
  return { type: 'messageBack', title, text: title, displayText: title, value };
}

/** A link button. */
export function openUrl(title: string, url: string): CardAction {
  return { type: 'openUrl', title, value: url };
}

/** A message with text and a hero card of buttons (MessageFactory.attachment with CardFactory.heroCard). */
export function cardMessage(text: string, buttons: CardAction[]): Partial<Activity> {
  return {
    type: 'message',
    attachmentLayout: 'list',
    attachments: [{ contentType: 'application/vnd.microsoft.card.hero', content: { buttons } }],
    inputHint: 'acceptingInput',
    text,
  };
}

/**
 * Where to reach this conversation again outside a turn (TurnContext.getConversationReference). A Direct Line or Web
 * Chat conversationUpdate carries no id a reply could refer to.
 */
export function conversationReferenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const noReplyId = activity.type === 'conversationUpdate' && (activity.channelId === 'directline' || activity.channelId === 'webchat');
  return {
    activityId: noReplyId ? undefined : activity.id,
    user: activity.from && { ...activity.from },
    bot: activity.recipient && { ...activity.recipient },
    conversation: activity.conversation && { ...activity.conversation },
    channelId: activity.channelId,
    locale: activity.locale,
    serviceUrl: activity.serviceUrl,
  };
}
