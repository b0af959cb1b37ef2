// Colours for WCAG AA (4.5:1): #1f3a93 on white 10:1, #5a6478 on white 5.9:1, white on #0b6b3a 6.6:1, #1d2433 on #eef1f7 13:1.
export const PANEL_CSS = `
.chat { height: 100%; display: flex; flex-direction: column; background: #fff; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.scroller { flex: 1; min-height: 0; overflow-y: auto; padding: 12px; scroll-behavior: auto; }
.scroller:focus-visible { outline: 3px solid #1f3a93; outline-offset: -3px; }
.transcript { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 10px; }
.msg { display: flex; flex-direction: column; align-items: flex-start; max-width: 100%; }
.msg.user { align-items: flex-end; }
.bubble { max-width: 88%; background: #eef1f7; color: #1d2433; border-radius: 12px 12px 12px 4px; padding: 8px 12px; overflow-wrap: anywhere; }
.bubble p { margin: 0; white-space: pre-wrap; }
.bubble * + p, .bubble ol, .bubble ul { margin: 8px 0 0; }
.bubble ol, .bubble ul { padding-left: 22px; }
.bubble li + li { margin-top: 4px; }
.bubble a { color: #1f3a93; }
.bubble code { font: 13px ui-monospace, Menlo, Consolas, monospace; background: #fff; padding: 0 3px; border-radius: 3px; }
.user .bubble { background: #1f3a93; color: #fff; border-radius: 12px 12px 4px 12px; }
.user.pending .bubble { opacity: .75; }
.agent .bubble { background: #e8f5ee; border-left: 3px solid #0b6b3a; }
.notice { align-items: center; }
.notice .bubble { background: #fff; border: 1px dashed #8b95a9; border-radius: 8px; font-size: 14px; text-align: center; max-width: 95%; }
.who { display: flex; align-items: center; gap: 6px; font-size: 13px; color: #1d2433; margin: 0 0 4px; }
.avatar { width: 24px; height: 24px; border-radius: 50%; background: #0b6b3a; color: #fff; display: grid; place-items: center; font-weight: 700; font-size: 13px; }
time { font-size: 12px; color: #5a6478; margin: 3px 4px 0; }
.failed-note { font-size: 13px; color: #a4161a; margin-top: 4px; }
.resend { background: none; border: 0; padding: 0; color: #1f3a93; text-decoration: underline; font-size: 13px; }
.card-actions { display: flex; flex-direction: column; gap: 6px; margin-top: 10px; }
.action {
  display: inline-flex; align-items: center; justify-content: center; gap: 6px; text-align: center; text-decoration: none;
  background: #fff; color: #1f3a93; border: 1px solid #1f3a93; border-radius: 16px; padding: 5px 12px; font-size: 14px; line-height: 1.3;
}
.action:hover { background: #eef1f7; }
.action:focus-visible, .send:focus-visible, .resend:focus-visible { outline: 3px solid #1f3a93; outline-offset: 2px; }
.suggestions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
.suggestions .action { text-align: left; }
.suggestions[hidden], .typing[hidden] { display: none; }
.typing { display: flex; gap: 4px; padding: 10px 12px; margin-top: 10px; width: max-content; background: #eef1f7; border-radius: 12px; }
.typing i { width: 7px; height: 7px; border-radius: 50%; background: #5a6478; }
@media (prefers-reduced-motion: no-preference) {
  .typing i { animation: blink 1.2s infinite; }
  .typing i:nth-child(3) { animation-delay: .2s; }
  .typing i:nth-child(4) { animation-delay: .4s; }
}
@keyframes blink { 50% { opacity: .3; } }
.send-box { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid #dde2ec; }
.send-input { flex: 1; min-width: 0; font: inherit; font-size: 16px; padding: 8px 12px; border: 1px solid #8b95a9; border-radius: 20px; color: #1d2433; }
.send-input::placeholder { color: #5a6478; }
.send-input:focus { outline: 3px solid #1f3a93; outline-offset: 1px; border-color: #1f3a93; }
.send { width: 40px; height: 40px; border-radius: 50%; border: 0; background: #1f3a93; color: #fff; display: grid; place-items: center; }
`;
