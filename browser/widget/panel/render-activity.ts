import { opensInSameTab, webUrl } from '../link-target.js';
import type { CardAction, ChatActivity } from '../panel-api.js';
import type { WidgetStrings } from '../strings.js';
import { iconFor } from './icons.js';
import { el, renderMarkdown } from './markdown.js';
import { formatTime } from './time-format.js';

export type Speaker = 'user' | 'bot' | 'agent' | 'notice';

export type RenderContext = {
  strings: WidgetStrings['panel'];
  lang: string;
  sameTabOrigins: string[];
  /** imBack / messageBack / postBack buttons of cards and suggested actions */
  onAction: (action: CardAction) => void;
};

export const speakerOf = (activity: ChatActivity, userId: string): Speaker => {
  if (activity.from?.role === 'user' || (activity.from?.id === userId && activity.from?.role !== 'bot')) return 'user';
  if (activity.channelData?.agent) return 'agent';
  return activity.channelData?.handoff?.notice ? 'notice' : 'bot';
};

export const agentName = (activity: ChatActivity): string => activity.channelData?.agent?.displayName || activity.from?.name || '?';

/** What a screen reader hears before the message: who said it. */
export function saidBy(speaker: Speaker, activity: ChatActivity, s: WidgetStrings['panel']): string {
  if (speaker === 'user') return s.youSaid;
  if (speaker === 'agent') return s.agentSaid.replace('{{name}}', agentName(activity));
  return s.botSaid;
}

/** One message as a list item: who said it (for screen readers, and visibly for agents), the text, a card's buttons, the time. */
export function renderActivity(activity: ChatActivity, speaker: Speaker, c: RenderContext): HTMLLIElement {
  const item = el('li');
  item.className = `msg ${speaker}`;
  item.lang = c.lang;
  const label = el('span', saidBy(speaker, activity, c.strings));
  label.className = 'sr';
  item.append(label);
  if (speaker === 'agent') item.append(agentBadge(agentName(activity), c.strings.agentRole));

  const bubble = el('div');
  bubble.className = 'bubble';
  const newTab = (a: HTMLAnchorElement) => linkTarget(a, c.sameTabOrigins);
  const text = activity.text ?? '';
  if (activity.textFormat === 'plain' || speaker === 'user') bubble.append(el('p', text));
  else bubble.append(renderMarkdown(text, newTab));
  for (const attachment of activity.attachments ?? []) {
    if (!attachment.contentType?.includes('card.hero') || !attachment.content) continue;
    const { title, text: cardText, buttons = [] } = attachment.content;
    if (title) bubble.append(el('p', el('strong', title)));
    if (cardText) bubble.append(renderMarkdown(cardText, newTab));
    const actions = el('div', ...buttons.map((b) => actionControl(b, c)));
    actions.className = 'card-actions';
    if (buttons.length > 0) bubble.append(actions);
  }
  item.append(bubble);
  if (activity.timestamp) {
    const time = el('time', formatTime(activity.timestamp, c.lang, c.strings.justNow));
    time.dateTime = activity.timestamp;
    item.append(time);
  }
  return item;
}

/** A card's button: openUrl as a real link (http(s) only), anything else as a button that sends. */
export function actionControl(action: CardAction, c: RenderContext): HTMLElement {
  const { icon, text } = iconFor(action.title ?? String(action.value ?? ''));
  if (action.type === 'openUrl') {
    const url = webUrl(action.value, location.href);
    if (!url) return el('span');
    const a = el('a', text);
    a.href = url.href;
    a.className = 'action';
    linkTarget(a, c.sameTabOrigins);
    return a;
  }
  const button = el('button', text);
  button.type = 'button';
  button.className = 'action';
  if (icon) button.insertAdjacentHTML('afterbegin', icon);
  button.addEventListener('click', () => c.onAction(action));
  return button;
}

function linkTarget(a: HTMLAnchorElement, sameTabOrigins: string[]): void {
  if (opensInSameTab(new URL(a.href), location.origin, sameTabOrigins)) return;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
}

function agentBadge(name: string, role: string): HTMLElement {
  const avatar = el('span', name.slice(0, 1).toUpperCase());
  avatar.className = 'avatar';
  const who = el('div', avatar, el('b', name), ` · ${role}`);
  who.className = 'who';
  who.setAttribute('aria-hidden', 'true');
  return who;
}
