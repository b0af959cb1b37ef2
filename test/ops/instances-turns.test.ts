import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findNginx, inCI } from '../support/nginx.js';
import { inParallel, type Instances, NO_RATE_LIMITS, seededRandom, startInstances } from '../support/instances.js';
import { describePostgres } from '../support/postgres.js';
import { seqOf } from '../support/directline-client.js';
import { fromMerchant, type LoggedActivity, openSharedChat, pageProblems } from '../support/shared-chat.js';

// Outside CI a machine without nginx runs these on the two instances' own URLs only (npm test installs nginx); in CI
// (CI=true) nginx is always in the mix, and one that cannot start fails the file.
const withNginx = Boolean(findNginx()) || inCI;
if (!withNginx) console.warn('\n  nginx is not installed: the many-turns test posts to the two instances directly, not through nginx.\n');

const CONVERSATIONS = 20;
const TURNS = 20;
// Merchants' own wordings of activation questions (the held-out set the eval reads), so every turn has a real answer.
const QUESTIONS = readFileSync('test/fixtures/eval/fresh-questions.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);
// Words the bot finds no guide for: each is a miss, and the second miss in a row offers a person in other words.
const UNKNOWN = ['zorblax quiffle', 'wabbadoo fnord', 'blimtrax oobleck', 'snarfle gronk'];
const OFFER = 'Would you like a colleague from our support team to help?';
const TWO_MISSES = "It looks like I can't find the right answer for you. Would you like a colleague from our support team to help?";

describePostgres('two instances on one PostgreSQL database, each request to a random one', () => {
  let instances: Instances;
  let targets: string[] = [];

  beforeAll(async () => {
    instances = await startInstances({ label: 'turns', nginx: withNginx, env: () => NO_RATE_LIMITS });
    targets = [...instances.bots.map((b) => b.url), ...(instances.nginx ? [instances.nginx.url] : [])];
  }, 120_000);

  afterAll(async () => {
    const codes = await instances?.stop();
    if (codes) expect(codes).toEqual([0, 0]);
  });

  it(`${CONVERSATIONS} conversations × ${TURNS} turns: each read gives the next activities, numbered without a gap or a repeat; each message and its replies once, in order`, {
    timeout: 120_000,
  }, async () => {
    const seed = Date.now();
    const random = seededRandom(seed);
    const anywhere = () => targets[Math.floor(random() * targets.length)] as string;
    const context = `seed ${seed}`;

    await inParallel(
      Array.from({ length: CONVERSATIONS }, (_, c) => c),
      CONVERSATIONS,
      async (c) => {
        const chat = await openSharedChat(anywhere(), anywhere());
        // The welcome, stored before the start's 201: activity 1 and on.
        const first = await chat.since(anywhere(), 0);
        expect(pageProblems(first, 0), context).toEqual([]);
        expect(first.activities.length, context).toBeGreaterThan(0);
        let watermark = first.watermark;
        const asked: { id: string; text: string }[] = [];
        for (let t = 0; t < TURNS; t++) {
          const text = QUESTIONS[(c * 7 + t) % QUESTIONS.length] as string;
          const posted = await chat.post(anywhere(), text);
          expect(posted.status, `${context}: conversation ${c}, turn ${t}`).toBe(200);
          const id = posted.id as string;
          asked.push({ id, text });
          // Read on any instance right after the 200: the question and its replies, and nothing else.
          const page = await chat.since(anywhere(), watermark);
          expect(pageProblems(page, watermark), `${context}: conversation ${c}, turn ${t}`).toEqual([]);
          const [question, ...replies] = page.activities;
          expect(question, context).toMatchObject({ id, text, from: { role: 'user' } });
          expect(replies.length, `${context}: "${text}" got no reply`).toBeGreaterThan(0);
          for (const reply of replies) expect(reply, context).toMatchObject({ replyToId: id, from: { role: 'bot' } });
          watermark = page.watermark;
        }
        // The whole log, read once more from the start: the same, once each, in the order asked.
        const all = await chat.since(anywhere(), 0);
        expect(pageProblems(all, 0), context).toEqual([]);
        expect(all.watermark, context).toBe(watermark);
        expect(
          fromMerchant(all.activities).map((a) => ({ id: a.id, text: a.text })),
          context,
        ).toEqual(asked);
        expect(new Set(all.activities.map((a) => a.id)).size, context).toBe(all.activities.length);
        // Each reply right after its own question, never after a later one.
        let current: string | undefined;
        for (const activity of all.activities) {
          if (activity.from.role === 'user') current = activity.id;
          else if (current) expect(activity.replyToId, context).toBe(current);
        }
      },
    );
  });

  it('two messages of one conversation posted on both instances at the same moment: both answered once, and neither turn loses what the other wrote in the bot’s state', {
    timeout: 90_000,
  }, async () => {
    const [a, b] = instances.bots.map((bot) => bot.url) as [string, string];
    // Ten conversations, two rounds each: a pair of unknown questions at once (one on A, one on B), then a guide
    // question (which starts the count of misses again), then another pair. The bot counts misses in the
    // conversation's state: of a pair, whichever turn runs second must see the first's miss and offer a person in
    // other words. Had both turns read the state before either wrote it (or the later save undone the earlier),
    // both would say the first-miss offer, which a merchant would notice as the bot forgetting.
    const outcomes = await inParallel(
      Array.from({ length: 10 }, (_, c) => c),
      10,
      async (c) => {
        const chat = await openSharedChat(c % 2 ? a : b, c % 2 ? b : a);
        const pairs: [string, string][] = [];
        for (let round = 0; round < 2; round++) {
          if (round > 0) expect((await chat.post(round % 2 ? b : a, 'How do I create a payment link?')).status).toBe(200);
          const [onA, onB] = await Promise.all([
            chat.post(a, `${UNKNOWN[(c + round) % UNKNOWN.length]} ${c}`),
            chat.post(b, `${UNKNOWN[(c + round + 1) % UNKNOWN.length]} ${c}`),
          ]);
          expect([onA.status, onB.status]).toEqual([200, 200]);
          pairs.push([onA.id as string, onB.id as string]);
        }
        return { chat, pairs };
      },
    );
    for (const { chat, pairs } of outcomes) {
      const log = await chat.since(b, 0);
      expect(pageProblems(log, 0)).toEqual([]);
      for (const pair of pairs) {
        // Each message once, and the first offer once and the second-miss offer once between them.
        const said = pair.map((id) => {
          expect(log.activities.filter((x) => x.id === id)).toHaveLength(1);
          return repliesTo(log.activities, id).map((r) => r.text);
        });
        const offers = said.map((texts) => texts.find((text) => text === OFFER || text === TWO_MISSES));
        expect(offers.sort(), `${chat.conversationId}: ${JSON.stringify(said)}`).toEqual([OFFER, TWO_MISSES].sort());
      }
      // The log in order: every reply after its own question (the turns ran one after the other, whichever first).
      const questions = fromMerchant(log.activities);
      for (const q of questions) for (const r of repliesTo(log.activities, q.id)) expect(seqOf(r)).toBeGreaterThan(seqOf(q));
    }
  });
});

const repliesTo = (log: LoggedActivity[], id: string) => log.filter((activity) => activity.replyToId === id && activity.type === 'message');
