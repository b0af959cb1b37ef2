import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isSeq, LineCounter, parseDocument } from 'yaml';
import type { ContentProblem } from '../knowledge/content-error.js';
import { buildKnowledgeBase, type KnowledgeBase, type KnowledgeConfig } from '../knowledge/knowledge-base.js';
import { parseGuide } from '../knowledge/load-content.js';
import { foldText } from '../language/text.js';
import { phraseLine } from './missed-report.js';
import { checkPhrases } from '../knowledge/phrase-check.js';
import { landedOn, routeOf } from '../knowledge/phrase-route.js';

export type AddPhraseResult = { ok: true; file: string; line: number } | { ok: false; reason: string };

// Merchants' questions are short; anything longer is a pasted conversation, not an example phrasing.
const MAX_PHRASE = 200;

/**
 * Adds a merchant's question to a guide's `phrases:` as one new line, leaving the rest of the file as it was.
 * Written only when the changed guide still loads, the question then lands on that guide, and no other example
 * starts landing elsewhere; the file is replaced in one rename, so the live reload never reads half of it.
 */
export function addPhrase(kb: KnowledgeBase, config: KnowledgeConfig, input: { guideId: string; locale: string; phrase: string }): AddPhraseResult {
  const phrase = input.phrase.replace(/\s+/g, ' ').trim();
  const guide = kb.content.topics.get(input.guideId)?.get(input.locale);
  if (guide?.kind !== 'guide') return fail(`There is no ${input.locale} guide "${input.guideId}".`);
  if (!/[\p{L}\p{N}]/u.test(phrase) || phrase.length > MAX_PHRASE) return fail(`An example must have words and at most ${MAX_PHRASE} characters.`);
  const folded = foldText(phrase);
  for (const byLocale of kb.content.topics.values()) {
    const twin = byLocale.get(input.locale);
    if (twin?.phrases.some((p) => foldText(p) === folded)) return fail(`"${phrase}" is already an example of "${twin.id}".`);
  }

  const source = readFileSync(guide.file, 'utf8');
  const at = insertionLine(source);
  if (typeof at === 'string') return fail(at);
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const lines = source.split(eol);
  lines.splice(at.after, 0, `${at.indent}${phraseLine(phrase).trimStart()}`);
  const changed = lines.join(eol);

  const problems: ContentProblem[] = [];
  const updated = parseGuide(changed, guide.file, guide.kind, problems);
  if (!updated || problems.length > 0 || updated.phrases.length !== guide.phrases.length + 1 || updated.phrases.at(-1) !== phrase) {
    return fail(
      `Adding the line would break ${relative(kb.content.dir, guide.file)}: ${problems[0]?.message ?? 'the list did not come out as expected'}. Add it by hand.`,
    );
  }
  const topics = new Map(kb.content.topics);
  topics.set(guide.id, new Map(topics.get(guide.id)).set(guide.locale, updated));
  const next = buildKnowledgeBase(config, { ...kb.content, topics });
  const route = routeOf(next, phrase);
  if (landedOn(route) !== guide.id)
    return fail(`Even as an example of "${guide.id}", "${phrase}" would not be answered with it: add a keyword by hand instead.`);
  const before = new Set(
    checkPhrases(kb)
      .filter((p) => p.severity === 'error')
      .map((p) => p.message),
  );
  const broken = checkPhrases(next).find((p) => p.severity === 'error' && !before.has(p.message));
  if (broken) return fail(`Not added: then ${broken.message.replace(/: [^:]*$/, '')} (${relative(kb.content.dir, broken.file)}).`);

  if (hashOf(readFileSync(guide.file, 'utf8')) !== hashOf(source)) return fail('The file changed while checking: try again.');
  const temp = `${guide.file}.${process.pid}.tmp`;
  writeFileSync(temp, changed, { mode: statSync(guide.file).mode });
  renameSync(temp, guide.file);
  return { ok: true, file: guide.file, line: at.after + 1 };
}

/** After the last item of a block-style `phrases:` list: the 0-based index of the line to insert before, and its indent. */
function insertionLine(source: string): { after: number; indent: string } | string {
  const lines = source.split(/\r?\n/);
  const end = lines.findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join('\n'), { lineCounter: counter });
  const list = doc.get('phrases', true);
  if (!isSeq(list) || list.flow || list.items.length === 0) return 'The phrases of this guide are not a list of lines ("  - …"): add the example by hand.';
  const last = list.items.at(-1) as { range?: [number, number, number] };
  const first = list.items[0] as { range?: [number, number, number] };
  const lastLine = counter.linePos(Math.max(0, (last.range?.[1] ?? 1) - 1)).line; // 1-based within the front matter
  const firstLine = counter.linePos(first.range?.[0] ?? 0).line;
  const indent = /^(\s*)-/.exec(lines[firstLine] ?? '')?.[1] ?? '  ';
  return { after: lastLine + 1, indent };
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const fail = (reason: string): AddPhraseResult => ({ ok: false, reason });
