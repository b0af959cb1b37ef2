import { type Answer, answerOf } from '../bot/knowledge/answer.js';
import type { TurnRunner } from '../bot/turn/turn-runner.js';

/** A labelled question: `expect` lists the outcomes that are right (guide ids, "none", "handoff", "smalltalk"). */
export type Question = { text: string; lang: string; expect: string[]; family?: number | string; half?: string };
/** `kind` may name alternatives, "fallback|handoff": either is right. */
export type Dialogue = {
  name: string;
  family?: number | string;
  half?: string;
  turns: { user: string; expect: { kind: string; guideId?: string; locale?: string } }[];
};
export type Tally = Map<string, { right: number; all: number }>;
export type QuestionReport = { tally: Tally; misses: string[]; passed: number; failed: number; confidentlyWrong: number };
export type DialogueReport = { lines: string[]; passed: number; failed: number };

export const CONFIDENTLY_WRONG = 'confidently wrong: a guide where another guide or none was right';
const OUTCOMES = ['handoff', 'smalltalk'];

async function ask(run: TurnRunner, conversationId: string, text: string): Promise<Answer | undefined> {
  return answerOf(await run({ type: 'message', text, conversation: { id: conversationId } as never }));
}

export function outcomeOf(q: Question): string {
  if (q.expect.includes('none')) return 'out-of-scope';
  return OUTCOMES.includes(q.expect[0] as string) ? (q.expect[0] as string) : 'guide';
}

/**
 * An out-of-scope question is answered right only by saying so (fallback) or by a person (handoff): a clarifying
 * question that offers guides treats it as a guide question, which it is not.
 */
function outcomeRight(q: Question, a: Answer | undefined): boolean {
  if (!a) return false;
  const listedGuide = a.kind === 'guide' && a.guideId !== undefined && q.expect.includes(a.guideId);
  // A guide the label lists beside "none" ("api-keys|handoff|none") is right too.
  if (q.expect.includes('none')) return a.kind === 'fallback' || a.kind === 'handoff' || listedGuide;
  return q.expect.includes(a.kind) || listedGuide;
}

const describe = (a: Answer | undefined) =>
  a ? `${a.kind}${a.guideId ? `:${a.guideId}` : ''}${a.candidates ? `(${a.candidates.join(',')})` : ''} in ${a.locale}` : 'no answer';

/** Each question in a fresh conversation through the real turn: right outcome, right language, and every miss. */
export async function evaluateQuestions(run: TurnRunner, questions: Question[]): Promise<QuestionReport> {
  const tally: Tally = new Map();
  const count = (key: string, ok: boolean) => {
    const t = tally.get(key) ?? { right: 0, all: 0 };
    tally.set(key, { right: t.right + (ok ? 1 : 0), all: t.all + 1 });
  };
  const misses: string[] = [];
  let passed = 0;
  let confidentlyWrong = 0;
  for (const [i, q] of questions.entries()) {
    const a = await ask(run, `eval-${i}`, q.text);
    const right = outcomeRight(q, a);
    const langRight = a?.locale === q.lang;
    const wrongGuide = a?.kind === 'guide' && !right;
    if (wrongGuide) confidentlyWrong++;
    count(`outcome ${outcomeOf(q)}`, right);
    count(`language ${q.lang}`, right);
    if (q.family !== undefined) count(`family ${q.family}`, right);
    count('reply language = question language', langRight);
    if (right && langRight) passed++;
    else misses.push(`  ${wrongGuide ? '!' : ' '} ${JSON.stringify(q.text)} [${q.lang}] expected ${q.expect.join('|')} → ${describe(a)}`);
  }
  return { tally, misses, passed, failed: questions.length - passed, confidentlyWrong };
}

const kindRight = (expected: string, got: string) => expected.split('|').includes(got);

/** Each dialogue in one conversation; a dialogue passes when every turn has the expected kind, guide and language. */
export async function evaluateDialogues(run: TurnRunner, dialogues: Dialogue[]): Promise<DialogueReport> {
  const lines: string[] = [];
  let passed = 0;
  for (const [i, d] of dialogues.entries()) {
    const problems: string[] = [];
    for (const [n, turn] of d.turns.entries()) {
      const a = await ask(run, `dialogue-${i}`, turn.user);
      const e = turn.expect;
      const ok = a && kindRight(e.kind, a.kind) && (!e.guideId || a.guideId === e.guideId) && (!e.locale || a.locale === e.locale);
      if (!ok) problems.push(`    turn ${n + 1} ${JSON.stringify(turn.user)}: expected ${JSON.stringify(e)}, got ${describe(a)}`);
    }
    lines.push(`${problems.length === 0 ? 'pass' : 'FAIL'} ${d.name}`, ...problems);
    if (problems.length === 0) passed++;
  }
  return { lines, passed, failed: dialogues.length - passed };
}

export const share = (tally: Tally, key: string) => {
  const t = tally.get(key);
  return t && t.all > 0 ? t.right / t.all : Number.NaN;
};
