// Runs labelled questions (.jsonl) or dialogues (.json) through the real turn and prints how the bot did.
// `--half tune|test` keeps only the items of that half (the team's held-out set is split in two).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBot } from '../bot/bot.js';
import { readConfig } from '../bot/config.js';
import { CONFIDENTLY_WRONG, type Dialogue, evaluateDialogues, evaluateQuestions, type Question } from './evaluate.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { half: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: npm run eval -- FILE.jsonl | FILE.json [--half tune|test]');
  process.exit(2);
}
const inHalf = (item: { half?: string }) => !values.half || item.half === values.half;
const parts = createBot(readConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: ':memory:' }));
const run = parts.runner('eval');
const source = readFileSync(file, 'utf8');
let result: { passed: number; failed: number };
if (file.endsWith('.jsonl')) {
  const questions = source
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question)
    .filter(inHalf);
  const report = await evaluateQuestions(run, questions);
  for (const [key, { right, all }] of [...report.tally].sort()) {
    console.log(`${key.padEnd(48)} ${String(right).padStart(4)}/${String(all).padEnd(4)} ${((100 * right) / all).toFixed(1)}%`);
  }
  if (report.misses.length > 0) console.log(`misses ("!" = confidently wrong):\n${report.misses.join('\n')}`);
  const n = questions.length;
  console.log(`right (outcome and language)                      ${report.passed}/${n} ${((100 * report.passed) / n).toFixed(1)}%`);
  console.log(`${CONFIDENTLY_WRONG}: ${report.confidentlyWrong}/${n} ${((100 * report.confidentlyWrong) / n).toFixed(1)}%`);
  result = report;
} else {
  const report = await evaluateDialogues(run, (JSON.parse(source) as Dialogue[]).filter(inHalf));
  console.log(report.lines.join('\n'));
  result = report;
}
console.log(`eval: ${result.passed} passed, ${result.failed} failed`);
process.exitCode = result.failed === 0 ? 0 : 1;
