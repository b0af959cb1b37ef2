// Everything lives in a shadow root, so none of this reaches the host page and the page's styles do not reach in.
// Colours: #1f3a93 on white is 10:1, #5a6478 on white 5.9:1 (WCAG AA needs 4.5:1).
export const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433; }
button { font: inherit; cursor: pointer; }
button:focus-visible { outline: 3px solid #1f3a93; outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }
.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 60px; height: 60px; border-radius: 50%;
  border: 0; background: #1f3a93; color: #fff; display: grid; place-items: center; box-shadow: 0 4px 14px rgba(16, 22, 58, .35);
}
.launcher[hidden] { display: none; }
.launcher svg { width: 28px; height: 28px; }
.panel {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: 380px; height: 620px; max-height: calc(100vh - 40px);
  display: flex; flex-direction: column; background: #fff; border-radius: 12px; overflow: hidden;
  box-shadow: 0 10px 40px rgba(16, 22, 58, .3);
}
.panel[hidden] { display: none; }
header { background: #1f3a93; color: #fff; padding: 10px 10px 10px 16px; display: flex; align-items: center; gap: 6px; }
h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }
header button { background: transparent; color: #fff; border: 1px solid rgba(255, 255, 255, .7); border-radius: 6px; min-width: 36px; height: 32px; padding: 0 8px; }
header button:focus-visible { outline-color: #fff; box-shadow: 0 0 0 5px #1f3a93; }
.close { font-size: 20px; line-height: 1; }
.tools { display: flex; gap: 8px; padding: 8px 12px; border-bottom: 1px solid #dde2ec; background: #fff; }
.tools button { background: #fff; color: #1f3a93; border: 1px solid #1f3a93; border-radius: 16px; padding: 4px 12px; font-size: 14px; }
.tools button:hover, header button:hover { text-decoration: underline; }
button:disabled { opacity: .55; cursor: default; text-decoration: none; }
.body { flex: 1; min-height: 0; position: relative; }
.status { position: absolute; inset: 0; display: grid; place-content: center; gap: 12px; padding: 24px; text-align: center; background: #fff; }
.status[hidden] { display: none; }
.status button { justify-self: center; background: #1f3a93; color: #fff; border: 0; border-radius: 6px; padding: 8px 16px; }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; }
}
@media (prefers-reduced-motion: no-preference) { .panel { animation: rise .16s ease-out; } }
@keyframes rise { from { transform: translateY(12px); opacity: 0; } }
`;
