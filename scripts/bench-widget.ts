// The widget on a mid-range phone: Chromium with CDP throttling ("Slow 4G" network, CPU 4x slower), a cold cache for
// every run (BENCH_PROFILE=desktop: no throttling, a desktop window). Prints median and worst click → ready (the
// message box has the focus) and send → answer, and the script bytes on the wire before and after opening.
// Not a test: the figures depend on the machine. Chromium's throttling does not slow WebSocket frames, so send → answer
// leaves out one network round trip.
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser.js';
import { startWebServer } from '../test/support/web-server.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Chrome DevTools' "Slow 4G" preset: 1.6 Mbps down, 750 kbps up, 150 ms round trip.
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;
const PHONE = process.env.BENCH_PROFILE !== 'desktop';
const QUESTION = 'how do I activate card payments';
const TIMEOUT = 60_000;

type Run = { clickToReadyMs: number; sendToAnswerMs: number; launcherScriptBytes: number; panelScriptBytes: number };

/** In the page: times from the click to a focused text box, and from Enter to the answer's title on screen. */
function installProbe(answerTitle: string) {
  const w = window as unknown as { bench: Record<string, number> };
  w.bench = {};
  const deepActive = () => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };
  const deepText = (root: Element | ShadowRoot): string =>
    (root.textContent ?? '') +
    Array.from(root.querySelectorAll('*'))
      .map((el) => (el.shadowRoot ? deepText(el.shadowRoot) : ''))
      .join(' ');
  addEventListener(
    'click',
    () => {
      w.bench.clicked ??= performance.now();
    },
    true,
  );
  addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Enter' && w.bench.ready) w.bench.sent ??= performance.now();
    },
    true,
  );
  const poll = () => {
    const active = deepActive();
    if (w.bench.clicked && !w.bench.ready && active && /^(INPUT|TEXTAREA)$/.test(active.tagName)) w.bench.ready = performance.now();
    if (w.bench.sent && !w.bench.answered && deepText(document.documentElement).includes(answerTitle)) w.bench.answered = performance.now();
    if (!w.bench.answered) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function scriptBytes(cdp: CDPSession): Promise<() => number> {
  const scripts = new Set<string>();
  let bytes = 0;
  cdp.on('Network.responseReceived', (e) => void (e.type === 'Script' && scripts.add(e.requestId)));
  cdp.on('Network.loadingFinished', (e) => {
    if (scripts.has(e.requestId)) bytes += e.encodedDataLength;
  });
  return () => bytes;
}

async function oneRun(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, answerTitle: string): Promise<Run> {
  const context = await browser.newContext(
    PHONE ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 800 } },
  );
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (PHONE) {
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  const bytes = await scriptBytes(cdp);
  await page.goto(`${url}/?lang=en`, { waitUntil: 'load', timeout: TIMEOUT });
  const launcher = page.getByRole('button', { name: 'Open chat with the Montonio assistant' });
  await launcher.waitFor({ timeout: TIMEOUT });
  // tsx names inner functions through a helper the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(installProbe, answerTitle);
  const launcherScriptBytes = bytes();
  await launcher.click();
  await page.waitForFunction(() => (window as unknown as { bench: { ready?: number } }).bench.ready, undefined, { timeout: TIMEOUT, polling: 100 });
  const panelScriptBytes = bytes() - launcherScriptBytes;
  await page.keyboard.type(QUESTION);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => (window as unknown as { bench: { answered?: number } }).bench.answered, undefined, { timeout: TIMEOUT, polling: 100 });
  const b = await page.evaluate(() => (window as unknown as { bench: Record<'clicked' | 'ready' | 'sent' | 'answered', number> }).bench);
  await context.close();
  return { clickToReadyMs: b.ready - b.clicked, sendToAnswerMs: b.answered - b.sent, launcherScriptBytes, panelScriptBytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const worst = (xs: number[]) => Math.max(...xs);

const server = await startWebServer();
const browser = await launchChromium();
try {
  const answerTitle = server.parts.knowledge.current.content.topics.get('card-payments')?.get('en')?.title as string;
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await oneRun(browser, server.url, answerTitle);
    runs.push(run);
    console.log(`run ${i + 1}: click → ready ${run.clickToReadyMs.toFixed(0)} ms, send → answer ${run.sendToAnswerMs.toFixed(0)} ms`);
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const row = (name: string, xs: number[]) =>
    console.log(`${name.padEnd(18)} median ${median(xs).toFixed(0).padStart(6)} ms   worst ${worst(xs).toFixed(0).padStart(6)} ms`);
  const profile = PHONE ? `Phone profile: Slow 4G (1.6 Mbps down, 750 kbps up, 150 ms RTT), CPU ${CPU_SLOWDOWN}x slower` : 'Desktop, no throttling';
  console.log(`\n${profile}, cold cache, ${RUNS} runs`);
  row(
    'click → ready',
    runs.map((r) => r.clickToReadyMs),
  );
  row(
    'send → answer',
    runs.map((r) => r.sendToAnswerMs),
  );
  console.log(
    `script on the wire: launcher ${kb(median(runs.map((r) => r.launcherScriptBytes)))}, opening the panel ${kb(median(runs.map((r) => r.panelScriptBytes)))}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
