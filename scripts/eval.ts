// Runs labelled questions (.jsonl) or dialogues (.json) through the real turn and prints how the bot did.
import { readFileSync } from 'node:fs';
import { createApp } from '../bot/app.js';
import { readConfig } from '../bot/config.js';
import { answerOf, createTurnRunner, type AnswerData, type TurnRunner } from '../bot/turn-runner.js';

type Question = { text: string; lang: string; expect: string[] };
type Dialogue = { name: string; turns: { user: string; expect: { kind: string; guideId?: string; locale?: string } }[] };

const OUTCOMES = ['handoff', 'smalltalk', 'none'];

async function ask(run: TurnRunner, conversationId: string, text: string): Promise<AnswerData | undefined> {
  return answerOf(await run({ type: 'message', text, conversation: { id: conversationId } as never }));
}

function outcomeOf(q: Question): string {
  return q.expect.includes('none') ? 'out-of-scope' : OUTCOMES.includes(q.expect[0] as string) ? (q.expect[0] as string) : 'guide';
}

function outcomeRight(q: Question, a: AnswerData | undefined): boolean {
  if (!a) return false;
  if (q.expect.includes('none')) return a.kind !== 'guide';
  if (q.expect.includes(a.kind)) return true;
  return a.kind === 'guide' && a.guideId !== undefined && q.expect.includes(a.guideId);
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

async function evalQuestions(run: TurnRunner, questions: Question[]): Promise<[number, number]> {
  const tally = new Map<string, [number, number]>();
  const count = (key: string, ok: boolean) => {
    const [a, b] = tally.get(key) ?? [0, 0];
    tally.set(key, [a + (ok ? 1 : 0), b + 1]);
  };
  const misses: string[] = [];
  let passed = 0;
  for (const [i, q] of questions.entries()) {
    const a = await ask(run, `eval-${i}`, q.text);
    const right = outcomeRight(q, a);
    const langRight = a?.locale === q.lang;
    count(`outcome ${outcomeOf(q)}`, right);
    count(`language ${q.lang}`, right);
    count('reply language = question language', langRight);
    if (right && langRight) passed++;
    else misses.push(`  ${JSON.stringify(q.text)} [${q.lang}] expected ${q.expect.join('|')} → ${a ? `${a.kind}${a.guideId ? `:${a.guideId}` : ''}${a.candidates ? `(${a.candidates.join(',')})` : ''} in ${a.locale}` : 'no answer'}`);
  }
  for (const [key, [ok, all]] of [...tally].sort()) console.log(`${key.padEnd(40)} ${String(ok).padStart(4)}/${String(all).padEnd(4)} ${pct(ok, all)}`);
  if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
  return [passed, questions.length - passed];
}

async function evalDialogues(run: TurnRunner, dialogues: Dialogue[]): Promise<[number, number]> {
  let passed = 0;
  for (const [i, d] of dialogues.entries()) {
    const problems: string[] = [];
    for (const [n, turn] of d.turns.entries()) {
      const a = await ask(run, `dialogue-${i}`, turn.user);
      const e = turn.expect;
      const ok = a && a.kind === e.kind && (!e.guideId || a.guideId === e.guideId) && (!e.locale || a.locale === e.locale);
      if (!ok) problems.push(`    turn ${n + 1} ${JSON.stringify(turn.user)}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
    }
    console.log(`${problems.length === 0 ? 'pass' : 'FAIL'} ${d.name}`);
    if (problems.length > 0) console.log(problems.join('\n'));
    else passed++;
  }
  return [passed, dialogues.length - passed];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run eval -- FILE.jsonl | FILE.json');
  process.exit(2);
}
const parts = createApp(readConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: ':memory:' }));
const run = createTurnRunner(parts, 'eval');
const source = readFileSync(file, 'utf8');
const [passed, failed] = file.endsWith('.jsonl')
  ? await evalQuestions(run, source.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Question))
  : await evalDialogues(run, JSON.parse(source) as Dialogue[]);
console.log(`eval: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
