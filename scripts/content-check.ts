// Checks content/ the way the bot reads it: `npm run content:check [-- DIR] [--strict] [--confirm-translations]`.
// --strict: warnings fail too. --confirm-translations: after a translation pass, records every guide's languages as matching.
import { resolve } from 'node:path';
import { readConfig } from '../bot/config.js';
import { checkContent, formatProblem } from '../bot/knowledge/content-check.js';
import { createTranslationReviews, REVIEWS_FILE } from '../bot/editor/translation-reviews.js';
import { translationHash } from '../bot/editor/translation-status.js';

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const dir = args.find((a) => !a.startsWith('--'));
const config = readConfig({ ...process.env, ...(dir ? { CONTENT_DIR: dir } : {}) });
const result = checkContent(config);
for (const problem of result.problems) console.log(formatProblem(problem));
const topics = result.kb ? `${result.kb.content.topics.size} topics` : 'content not loaded';
console.log(`content check: ${result.errors} error(s), ${result.warnings} warning(s) (${topics}, ${config.CONTENT_DIR})`);
if (args.includes('--confirm-translations') && (!result.kb || result.errors > 0)) {
  console.log('translations not recorded: fix the errors first');
} else if (args.includes('--confirm-translations') && result.kb) {
  const reviews = createTranslationReviews(resolve(config.CONTENT_DIR));
  for (const [id, byLocale] of result.kb.content.topics) reviews.confirm(id, Object.fromEntries([...byLocale].map(([l, g]) => [l, translationHash(g)])));
  console.log(`translations of ${result.kb.content.topics.size} topics recorded as matching in ${REVIEWS_FILE}`);
}
process.exitCode = result.errors > 0 || (strict && result.warnings > 0) ? 1 : 0;
