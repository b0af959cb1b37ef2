import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared dev set beside the repository (as test/eval reads it): what merchants send, in its order. */
export const DEV_QUESTIONS = '../shared/eval/dev-questions.jsonl';
/** A merchant asks a few questions, then leaves: each conversation gets this many turns, as in real traffic. */
export const TURNS_PER_CONVERSATION = 6;

/**
 * The benchmark's questions: the `text` of each line of the dev set (or of `file`), in order. Conversation c asks
 * questions 6c … 6c+5, so one pass over the conversations asks the whole set once, in its order, then starts again.
 */
export function readBenchQuestions(file = DEV_QUESTIONS): string[] {
  const path = resolve(import.meta.dirname, '..', file);
  if (!existsSync(path)) {
    throw new Error(
      `The benchmark asks the dev set's questions, and ${file} (${path}) is not there: run it from the repository with the shared eval set beside it (../shared/eval/), or point BENCH_QUESTIONS at a .jsonl file of {"text": …} lines.`,
    );
  }
  const questions = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const text = (JSON.parse(line) as { text?: unknown }).text;
      if (typeof text !== 'string' || !text.trim()) throw new Error(`${file}, line ${i + 1}: no "text" to ask.`);
      return text;
    });
  if (questions.length === 0) throw new Error(`${file} holds no questions.`);
  return questions;
}

/** The question of turn `turn` (0-based) of conversation `conversation`. */
export function questionOf(questions: string[], conversation: number, turn: number): string {
  return questions[(conversation * TURNS_PER_CONVERSATION + turn) % questions.length] as string;
}
