import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Dialogue, evaluateDialogues, evaluateQuestions, type Question, share } from '../../scripts/evaluate.js';
import type { TurnRunner } from '../../bot/turn/turn-runner.js';
import { testBot } from '../support/test-bot.js';

const SHARED = '../shared/eval';
const readQuestions = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question);

// The bars the product is held to (issue 2). The shared eval set lives beside the repository, as in CI.
describe.skipIf(!existsSync(SHARED))('answer quality on the shared dev set', () => {
  const run = testBot().runner('eval');

  it('picks the right guide, never answers out-of-scope questions with one, and replies in the question language', async () => {
    const { tally, misses, confidentlyWrong } = await evaluateQuestions(run, readQuestions(`${SHARED}/dev-questions.jsonl`));
    const report = `${[...tally].map(([k, v]) => `${k}: ${v.right}/${v.all}`).join('\n')}\n${misses.join('\n')}`;
    expect(share(tally, 'outcome guide'), report).toBeGreaterThanOrEqual(0.95);
    expect(share(tally, 'outcome out-of-scope'), report).toBeGreaterThanOrEqual(0.9);
    expect(share(tally, 'outcome handoff'), report).toBeGreaterThanOrEqual(0.95);
    expect(share(tally, 'outcome smalltalk'), report).toBeGreaterThanOrEqual(0.95);
    expect(share(tally, 'reply language = question language'), report).toBeGreaterThanOrEqual(0.99);
    expect(confidentlyWrong, report).toBe(0);
  });

  it('passes every dev dialogue', async () => {
    const report = await evaluateDialogues(run, JSON.parse(readFileSync(`${SHARED}/dev-dialogues.json`, 'utf8')) as Dialogue[]);
    expect(report.failed, report.lines.join('\n')).toBe(0);
  });
});

describe("answer quality on the team's own questions, worded unlike anything in content/", () => {
  it('answers at least nine in ten right and never gives a wrong guide to more than one', async () => {
    const questions = readQuestions('test/fixtures/eval/fresh-questions.jsonl');
    const { tally, misses, confidentlyWrong } = await evaluateQuestions(testBot().runner('eval'), questions);
    const right = [...tally].filter(([k]) => k.startsWith('language ')).reduce((sum, [, v]) => sum + v.right, 0);
    expect(right / questions.length, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(confidentlyWrong, misses.join('\n')).toBeLessThanOrEqual(1);
  });
});

// The team's held-out set (issue 10), written apart from content/ before the matcher was changed. The test half is the
// one to report; these floors stop a change from quietly undoing what holds today.
describe("answer quality on the team's held-out set", () => {
  const heldOut = 'test/fixtures/heldout';

  it("holds the test half at the bar of issue 10: at least 95 % right, at most 1 % confidently wrong, every reply in the question's language", async () => {
    const questions = readQuestions(`${heldOut}/questions.jsonl`).filter((q) => q.half === 'test');
    const { passed, misses, confidentlyWrong, tally } = await evaluateQuestions(testBot().runner('eval'), questions);
    expect(passed / questions.length, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(confidentlyWrong / questions.length, misses.join('\n')).toBeLessThanOrEqual(0.01);
    expect(share(tally, 'reply language = question language')).toBe(1);
  });

  it('passes at least nine in ten of its dialogues (follow-ups, "it didn\'t work", closings, language)', async () => {
    const dialogues = JSON.parse(readFileSync(`${heldOut}/dialogues.json`, 'utf8')) as Dialogue[];
    const report = await evaluateDialogues(testBot().runner('eval'), dialogues);
    expect(dialogues.length).toBeGreaterThanOrEqual(30);
    expect(report.passed / dialogues.length, report.lines.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('how the eval counts', () => {
  const replying =
    (answer: Record<string, unknown>): TurnRunner =>
    async () => [{ type: 'message', channelData: { answer: { locale: 'en', ...answer } } } as never];
  const question: Question = { text: 'the keys page asks for a code', lang: 'en', expect: ['api-keys', 'handoff', 'none'] };

  it('counts a guide the label lists beside "none" as right, another guide as confidently wrong, a clarification as wrong', async () => {
    expect((await evaluateQuestions(replying({ kind: 'guide', guideId: 'api-keys' }), [question])).passed).toBe(1);
    expect((await evaluateQuestions(replying({ kind: 'fallback' }), [question])).passed).toBe(1);
    const other = await evaluateQuestions(replying({ kind: 'guide', guideId: 'card-payments' }), [question]);
    expect([other.passed, other.confidentlyWrong]).toEqual([0, 1]);
    const clarified = await evaluateQuestions(replying({ kind: 'clarify', candidates: ['api-keys', 'card-payments'] }), [question]);
    expect([clarified.passed, clarified.confidentlyWrong]).toEqual([0, 0]);
  });
});
