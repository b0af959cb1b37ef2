// Shows how the matcher reads a question: candidates, scores and the words that matched.
import { createBot } from '../bot/bot.js';
import { readConfig } from '../bot/config.js';

const parts = createBot(readConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: ':memory:' }));
const kb = parts.knowledge.current;
for (const question of process.argv.slice(2)) {
  console.log(`\n${question}  [${kb.detectLanguage(question).locale ?? '?'}]`);
  console.log(
    '  →',
    JSON.stringify(kb.understand(question, { awaitingYesNo: false }), (k, v) => (k === 'candidates' ? undefined : v)),
  );
  const clauses = kb.index.clauses(question);
  if (clauses.length > 1) console.log(`  clauses: ${clauses.map((c) => `${c.weight.toFixed(1)} "${c.text}"`).join(' | ')}`);
  for (const c of kb.index.search(question).slice(0, 5)) {
    console.log(
      `  ${c.score.toFixed(2).padStart(6)} ${c.kind === 'decline' ? '✗' : ' '} ${c.id.padEnd(26)} ${c.matched.map((m) => `${m.word}→${m.term}(${m.score.toFixed(2)})`).join(' ')}`,
    );
  }
}
