// Runs labelled questions (.jsonl) or dialogues (.json) through the real turn and prints how the bot did.
import { readFileSync } from 'node:fs';
import { createApp } from '../bot/app.js';
import { readConfig } from '../bot/config.js';
import { createTurnRunner } from '../bot/turn-runner.js';
import { type Dialogue, evaluateDialogues, evaluateQuestions, type Question } from './evaluate.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run eval -- FILE.jsonl | FILE.json');
  process.exit(2);
}
const parts = createApp(readConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: ':memory:' }));
const run = createTurnRunner(parts, 'eval');
const source = readFileSync(file, 'utf8');
let result: { passed: number; failed: number };
if (file.endsWith('.jsonl')) {
  const report = await evaluateQuestions(run, source.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Question));
  for (const [key, { right, all }] of [...report.tally].sort()) {
    console.log(`${key.padEnd(48)} ${String(right).padStart(4)}/${String(all).padEnd(4)} ${((100 * right) / all).toFixed(1)}%`);
  }
  if (report.misses.length > 0) console.log(`misses:\n${report.misses.join('\n')}`);
  result = report;
} else {
  const report = await evaluateDialogues(run, JSON.parse(source) as Dialogue[]);
  console.log(report.lines.join('\n'));
  result = report;
}
console.log(`eval: ${result.passed} passed, ${result.failed} failed`);
process.exitCode = result.failed === 0 ? 0 : 1;
