import type { CardAction, ChatActivity } from '../panel-api.js';
import { languageOf, type WidgetStrings } from '../strings.js';
import { actionControl, renderActivity, type RenderContext, saidBy, speakerOf } from './render-activity.js';
import { el } from './markdown.js';
import { formatTime } from './time-format.js';

export type TranscriptOptions = {
  scroller: HTMLElement;
  list: HTMLOListElement;
  suggestions: HTMLElement;
  typing: HTMLElement;
  live: HTMLElement;
  strings: () => WidgetStrings['panel'];
  locale: () => string;
  userId: () => string;
  sameTabOrigins: string[];
  onAction: (action: CardAction) => void;
};

// "Typing" disappears by itself if no message follows (a turn that failed quietly).
const TYPING_MS = 8_000;
// The live region keeps this many lines; older ones have been read out already.
const LIVE_LINES = 5;
// A reader this close to the end sees "typing" come in; one who scrolled up to read is left alone.
const NEAR_END_PX = 80;
// Relative times ("just now") are redrawn at this pace.
const CLOCK_MS = 30_000;

/** The messages in order, each once; what is new is read out, and a long answer is shown from its first line. */
export function createTranscript(o: TranscriptOptions) {
  const seen = new Set<string>();
  const pending = new Map<string, HTMLLIElement>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const context = (lang: string): RenderContext => ({ strings: o.strings(), lang, sameTabOrigins: o.sameTabOrigins, onAction: o.onAction });

  function showSuggestions(actions: CardAction[], lang: string) {
    o.suggestions.replaceChildren(...actions.map((a) => actionControl(a, context(lang))));
    o.suggestions.lang = lang;
    o.suggestions.hidden = actions.length === 0;
  }

  function announce(text: string, lang: string) {
    const line = el('p', text);
    line.lang = lang;
    o.live.append(line);
    while (o.live.childElementCount > LIVE_LINES) o.live.firstElementChild?.remove();
  }

  function setTyping(on: boolean) {
    clearTimeout(typingTimer);
    const atEnd = o.scroller.scrollHeight - o.scroller.scrollTop - o.scroller.clientHeight < NEAR_END_PX;
    o.typing.hidden = !on;
    if (on) typingTimer = setTimeout(() => setTyping(false), TYPING_MS);
    if (on && atEnd) o.scroller.scrollTop = o.scroller.scrollHeight;
  }

  /** Keeps a long answer's first line in view; anything shorter simply scrolls to the end. */
  function scrollTo(first: HTMLElement | undefined) {
    const end = o.scroller.scrollHeight - o.scroller.clientHeight;
    const top = first ? first.offsetTop - o.list.offsetTop : end;
    o.scroller.scrollTop = Math.min(end, top);
  }

  const clock = setInterval(() => {
    for (const time of Array.from(o.list.querySelectorAll('time')))
      time.textContent = formatTime(time.dateTime, time.closest('[lang]')?.getAttribute('lang') ?? 'et', o.strings().justNow);
  }, CLOCK_MS);

  return {
    /** `quiet`: history the merchant has already seen, shown but not read out */
    add(activities: ChatActivity[], quiet: (activity: ChatActivity) => boolean) {
      let firstNew: HTMLElement | undefined;
      let last: ChatActivity | undefined;
      for (const activity of activities.filter(notPassingOn)) {
        const speaker = speakerOf(activity, o.userId());
        if (activity.type === 'typing') {
          if (speaker !== 'user') setTyping(true);
          continue;
        }
        if (activity.type !== 'message' || (activity.id && seen.has(activity.id))) continue;
        if (activity.id) seen.add(activity.id);
        // A button press that sent only a value (the language switch) has nothing to show.
        if (speaker === 'user' && !activity.text) continue;
        const lang = languageOf(activity.locale) ?? o.locale();
        const item = renderActivity(activity, speaker, context(lang));
        const mine = pending.get(activity.channelData?.clientActivityID ?? '');
        if (mine) {
          mine.replaceWith(item);
          pending.delete(activity.channelData?.clientActivityID ?? '');
        } else o.list.append(item);
        if (speaker !== 'user') setTyping(false);
        last = activity;
        if (quiet(activity) || speaker === 'user') continue;
        firstNew ??= item;
        announce(`${saidBy(speaker, activity, o.strings())} ${item.querySelector('.bubble')?.textContent ?? ''}`, lang);
      }
      if (last) {
        const actions = speakerOf(last, o.userId()) === 'user' ? [] : (last.suggestedActions?.actions ?? []);
        showSuggestions(actions, languageOf(last.locale) ?? o.locale());
        scrollTo(firstNew);
      }
    },

    /** The merchant's own message, shown at once; the server's copy replaces it. */
    addPending(clientId: string, text: string): HTMLLIElement {
      const item = renderActivity({ type: 'message', text, textFormat: 'plain' }, 'user', context(o.locale()));
      item.classList.add('pending');
      pending.set(clientId, item);
      o.list.append(item);
      showSuggestions([], o.locale());
      scrollTo(undefined);
      return item;
    },

    clear() {
      clearInterval(clock);
      clearTimeout(typingTimer);
    },
  };
}

/**
 * When nobody can take the chat, the bot first says it is passing the chat on and then, in the same turn, that nobody is
 * available. The merchant should hear it once: the "passing on" line is left out when the "nobody available" notice follows.
 */
function notPassingOn(activity: ChatActivity, i: number, batch: ChatActivity[]): boolean {
  if (activity.channelData?.answer?.kind !== 'handoff') return true;
  const next = batch.slice(i + 1).find((a) => a.type === 'message');
  return next?.channelData?.handoff?.notice !== 'offline';
}
