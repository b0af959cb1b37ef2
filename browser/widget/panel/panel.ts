import type { CardAction, ChatActivity, ChatOptions, MountedChat } from '../panel-api.js';
import { connectDirectLine } from './direct-line.js';
import { ICONS } from './icons.js';
import { PANEL_CSS } from './panel-styles.js';
import { createTranscript } from './transcript.js';

const TEMPLATE = `<style>${PANEL_CSS}</style>
<div class="scroller" tabindex="0" role="region">
  <ol class="transcript"></ol>
  <div class="typing" hidden><span class="sr"></span><i></i><i></i><i></i></div>
  <div class="suggestions" role="group" hidden></div>
</div>
<div class="live-region sr" aria-live="polite" aria-atomic="false"></div>
<form class="send-box"><input class="send-input" type="text" autocomplete="off" maxlength="2000"><button class="send" type="submit">${ICONS.send}</button></form>`;

/** The chat itself, drawn into the launcher's panel: transcript, live region, suggested actions and the send box. */
export function mountChat(o: ChatOptions): MountedChat {
  let locale = o.locale;
  o.element.innerHTML = TEMPLATE;
  o.element.classList.add('chat');
  const $ = <T extends HTMLElement>(selector: string) => o.element.querySelector(selector) as T;
  const input = $<HTMLInputElement>('.send-input');
  const strings = () => o.strings(locale).panel;
  const seq = (activity: ChatActivity) => Number(/\|(\d+)$/.exec(activity.id ?? '')?.[1] ?? Number.POSITIVE_INFINITY);
  const seen = o.seenWatermark ?? 0;

  const transcript = createTranscript({
    scroller: $('.scroller'),
    list: $('.transcript'),
    suggestions: $('.suggestions'),
    typing: $('.typing'),
    live: $('.live-region'),
    strings,
    locale: () => locale,
    userId: () => directLine.userId,
    sameTabOrigins: o.sameTabOrigins,
    onAction,
  });

  const save = () => o.onSaved({ token, watermark: directLine.watermark });
  let token = o.token;
  const directLine = connectDirectLine({
    domain: o.domain,
    token,
    conversationId: o.conversationId,
    locale: o.wireLocale(o.locale),
    onConnected: o.onConnected,
    onFailed: o.onFailed,
    onToken(next) {
      token = next;
      save();
    },
    onActivities(activities, watermark) {
      // History up to the watermark the merchant had seen is drawn, not read out again.
      transcript.add(activities, (a) => seq(a) <= seen || (Number(watermark) <= seen && seq(a) === Number.POSITIVE_INFINITY));
      for (const activity of activities) o.onActivity(activity);
      save();
    },
  });

  let sent = 0;
  function post(activity: Partial<ChatActivity>, shown: string | undefined) {
    const clientActivityID = `${Date.now().toString(36)}-${++sent}`;
    const item = shown ? transcript.addPending(clientActivityID, shown) : undefined;
    const storeId = o.storeId();
    const body = { type: 'message', locale: o.wireLocale(locale), ...activity, channelData: { clientActivityID, ...(storeId ? { storeId } : {}) } };
    directLine.post(body).then(
      () => item?.classList.remove('pending'),
      () => item && markFailed(item, () => post(activity, shown)),
    );
  }

  function markFailed(item: HTMLLIElement, resend: () => void) {
    const s = strings();
    const again = document.createElement('button');
    again.type = 'button';
    again.className = 'resend';
    again.textContent = s.resend;
    again.addEventListener('click', () => {
      item.remove();
      resend();
    });
    item.classList.replace('pending', 'failed');
    item.append(Object.assign(document.createElement('span'), { className: 'failed-note', textContent: `${s.notSent} ` }), again);
  }

  /** A pressed button goes away with the other suggestions, so the focus moves on to the message box. */
  function onAction(action: CardAction) {
    if (action.type === 'imBack' && typeof action.value === 'string') post({ text: action.value }, action.value);
    else
      post(
        { text: action.text ?? action.title, value: action.value },
        action.type === 'postBack' ? undefined : (action.displayText ?? action.text ?? action.title),
      );
    input.focus();
  }

  $('.send-box').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    post({ text }, text);
  });

  function applyStrings() {
    const s = strings();
    o.element.lang = locale;
    input.placeholder = s.input;
    input.setAttribute('aria-label', s.input);
    $('.send').setAttribute('aria-label', s.send);
    $('.scroller').setAttribute('aria-label', s.transcript);
    $('.suggestions').setAttribute('aria-label', s.suggestions);
    $('.typing .sr').textContent = s.typing;
  }
  applyStrings();

  return {
    setLocale(next) {
      locale = next;
      applyStrings();
    },
    send: (value, label) => post({ text: label, value }, label),
    focusInput: () => input.focus(),
    end() {
      transcript.clear();
      directLine.end();
    },
  };
}

window.MontonioChatPanel = { mountChat };
