import { isAbsolute, relative } from 'node:path';
import { buildKnowledgeBase, type KnowledgeBase, type KnowledgeConfig } from './knowledge-base.js';
import { loadProblems } from './live-knowledge.js';
import { loadContent } from './load-content.js';
import { type CheckProblem, errorOf } from './check-problem.js';
import { checkPhrases, checkPhrasesSliced } from './phrase-check.js';
import { checkSteps } from './step-check.js';

export type CheckResult = { problems: CheckProblem[]; errors: number; warnings: number; kb?: KnowledgeBase };

/** Everything `npm run content:check` and the editor page report: the loader's own checks, then translations and matching. */
export function checkContent(config: KnowledgeConfig): CheckResult {
  let kb: KnowledgeBase;
  try {
    kb = buildKnowledgeBase(config, loadContent(config.CONTENT_DIR));
  } catch (error) {
    return resultOf(loadProblems(error, config.CONTENT_DIR).map(errorOf));
  }
  return { ...checkKnowledge(kb), kb };
}

/** The checks beyond loading, on a knowledge base that loaded (the editor page runs them on the one serving). */
export function checkKnowledge(kb: KnowledgeBase): CheckResult {
  return resultOf([...checkSteps(kb.content), ...checkPhrases(kb)]);
}

/** checkKnowledge in slices, for the editor page: the matcher runs over every example, which takes a while. */
export async function checkKnowledgeSliced(kb: KnowledgeBase, pause: () => Promise<void>): Promise<CheckResult> {
  return resultOf([...checkSteps(kb.content), ...(await checkPhrasesSliced(kb, pause))]);
}

function resultOf(problems: CheckProblem[]): CheckResult {
  const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const errors = sorted.filter((p) => p.severity === 'error').length;
  return { problems: sorted, errors, warnings: sorted.length - errors };
}

/** Paths inside the working folder are shown relative to it ("content/guides/…"), others in full. */
export function formatProblem(p: CheckProblem, cwd = process.cwd()): string {
  const inside = relative(cwd, p.file);
  const shown = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : p.file;
  return `${shown}:${p.line}: ${p.severity}: ${p.message}`;
}
