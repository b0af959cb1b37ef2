import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../bot/config.js';
import { checkContent, formatProblem } from '../../bot/knowledge/content-check.js';
import { loadContent } from '../../bot/knowledge/load-content.js';
import { copyContent } from '../support/content-copy.js';

const run = promisify(execFile);
// A fresh Node with tsx reading all content: seconds, more when the whole suite runs in parallel.
const CLI_TIMEOUT_MS = 60_000;

/** `npm run content:check -- DIR`, as an editor runs it. */
async function contentCheck(dir?: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', ...(dir ? [dir] : [])], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const check = (dir: string) => checkContent(readConfig({ CONTENT_DIR: dir }));
const problemsOf = (dir: string, severity: string) => check(dir).problems.filter((p) => p.severity === severity);
// Each fixture breaks one thing: what it reports beyond the real content's own findings (wherever a fixture's
// added line moved them) is that one thing.
const known = new Set(check('content').problems.map((p) => `${relative('content', p.file)} ${p.message}`));
const newOf = (dir: string, severity: string) =>
  problemsOf(dir, severity)
    .filter((p) => !known.has(`${relative(dir, p.file)} ${p.message}`))
    .map((p) => formatProblem(p, dir));
const errorsOf = (dir: string) => newOf(dir, 'error');
const warningsOf = (dir: string) => newOf(dir, 'warning');
const lineOf = (file: string, text: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

/** A copy of content/ with one example phrasing added at the top of a guide's list. */
function withPhrase(file: string, phrase: string) {
  const copy = copyContent();
  const path = copy.edit(file, (t) => t.replace(/^phrases:\n/m, `phrases:\n  - ${phrase}\n`));
  return { dir: copy.dir, line: lineOf(path, `  - ${phrase}`) };
}

describe('npm run content:check', () => {
  it(
    'passes on the real content/',
    async () => {
      const { code, output } = await contentCheck();
      expect(output).toMatch(/content check: 0 error\(s\)/);
      expect(code).toBe(0);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits non-zero and names file, line and the problem when a guide is broken',
    async () => {
      const copy = copyContent();
      const file = copy.edit('guides/shipping.en.md', (t) => t.replace(/^summary: .*\n/m, ''));
      const { code, output } = await contentCheck(copy.dir);
      expect(code).toBe(1);
      expect(output).toContain(`${file.replace(`${process.cwd()}/`, '')}:`);
      expect(output).toMatch(/shipping\.en\.md:\d+: error: summary: /);
    },
    CLI_TIMEOUT_MS,
  );
});

describe('content check: one kind of error at a time', () => {
  it('a front-matter field is missing', () => {
    const copy = copyContent();
    copy.edit('guides/shipping.en.md', (t) => t.replace(/^summary: .*\n/m, ''));
    expect(errorsOf(copy.dir)).toEqual([expect.stringMatching(/^guides\/shipping\.en\.md:\d+: error: summary: /)]);
  });

  it('one language is missing', () => {
    const copy = copyContent();
    rmSync(join(copy.dir, 'guides/payment-links.et.md'));
    expect(errorsOf(copy.dir)).toEqual(['guides/payment-links.en.md:1: error: "payment-links" has no et version: add payment-links.et.md beside it']);
  });

  it('a Partner System page is not in the link map', () => {
    const copy = copyContent();
    const file = copy.edit('guides/api-keys.en.md', (t) => t.replace(/^page: .*$/m, 'page: no-such-page'));
    expect(errorsOf(copy.dir)).toEqual([
      expect.stringContaining(`guides/api-keys.en.md:${lineOf(file, 'page: no-such-page')}: error: page "no-such-page" is not in content/portal.yaml`),
    ]);
  });

  it('the translations have a different number of steps', () => {
    const copy = copyContent();
    const file = copy.edit('guides/card-payments.et.md', (t) => t.replace(/^ {2}- text: Vali rippmenüüst pood.*\n/m, ''));
    expect(errorsOf(copy.dir)).toEqual([
      `guides/card-payments.et.md:${lineOf(file, 'steps:')}: error: this version has 5 steps but card-payments.en.md has 6: translate the missing step or remove the extra one.`,
    ]);
  });

  it('a step opens a different page in the other language', () => {
    const copy = copyContent();
    const file = copy.edit('guides/card-payments.et.md', (t) => t.replace(/^ {4}page: home$/m, '    page: stores'));
    expect(errorsOf(copy.dir)).toEqual([
      `guides/card-payments.et.md:${lineOf(file, '    page: stores')}: error: step 1 opens page "stores" but step 1 in card-payments.en.md opens page "home": use the same Partner System page in both languages.`,
    ]);
  });

  it("the guide's button opens a different page in the other language", () => {
    const copy = copyContent();
    const file = copy.edit('guides/card-payments.et.md', (t) => t.replace(/^page: home$/m, 'page: stores'));
    expect(errorsOf(copy.dir)).toEqual([
      `guides/card-payments.et.md:${lineOf(file, 'page: stores')}: error: the button opens page "stores" but in card-payments.en.md it opens "home": use the same Partner System page in both languages.`,
    ]);
  });

  it("a guide's example is answered with another guide", () => {
    const { dir, line } = withPhrase('guides/card-payments.en.md', 'send the customer a payment link by email');
    expect(errorsOf(dir)).toEqual([
      `guides/card-payments.en.md:${line}: error: the example "send the customer a payment link by email" is answered with "payment-links" (guides/payment-links.en.md) instead of this guide: add a keyword from the example to this guide, or move the example there.`,
    ]);
  });

  it("a guide's example gets no answer at all", () => {
    const { dir, line } = withPhrase('guides/shipping.en.md', 'is it there yet');
    expect(errorsOf(dir)).toEqual([
      `guides/shipping.en.md:${line}: error: the example "is it there yet" gets no answer (the bot says it cannot help): add the example's key words to this guide's keywords.`,
    ]);
  });

  it("a guide's example is declined as out of scope", () => {
    const { dir, line } = withPhrase('guides/payment-links.en.md', 'refund dispute chargeback');
    expect(errorsOf(dir)).toEqual([
      `guides/payment-links.en.md:${line}: error: the example "refund dispute chargeback" is declined as the out-of-scope topic "disputes-chargebacks" (declines/disputes-chargebacks.en.md): reword it, or remove the shared word from that topic's keywords.`,
    ]);
  });

  it("a guide's example hands the chat to a person, naming the words that did it", () => {
    const { dir, line } = withPhrase('guides/card-payments.en.md', 'customer service for cards');
    expect(errorsOf(dir)).toEqual([
      `guides/card-payments.en.md:${line}: error: the example "customer service for cards" hands the chat to a person because it contains "customer service" (content/languages/en.yaml): reword the example, or narrow that entry.`,
    ]);
  });

  it("a guide's example is small talk", () => {
    const { dir, line } = withPhrase('guides/api-keys.en.md', 'thanks a lot');
    expect(errorsOf(dir)).toEqual([`guides/api-keys.en.md:${line}: error: the example "thanks a lot" is taken as small talk, not as a question: reword it.`]);
  });

  it("a guide's example makes the bot ask about other guides only", () => {
    const { dir, line } = withPhrase('guides/api-keys.en.md', 'how do I turn it on');
    expect(errorsOf(dir)).toEqual([
      expect.stringMatching(
        new RegExp(`^guides/api-keys\\.en\\.md:${line}: error: the example "how do I turn it on" makes the bot ask about .+, and this guide is not among them`),
      ),
    ]);
  });

  it('the same example is given for two guides', () => {
    const taken = loadContent('content').topics.get('card-payments')?.get('en')?.phrases[0] as string;
    const { dir, line } = withPhrase('guides/bank-payments.en.md', taken);
    const errors = errorsOf(dir);
    expect(errors).toContain(
      `guides/card-payments.en.md:${lineOf(join(dir, 'guides/card-payments.en.md'), `- ${taken}`)}: error: the example "${taken}" is also an example of "bank-payments" (guides/bank-payments.en.md): keep it in one guide only.`,
    );
    expect(errors.some((e) => e.startsWith(`guides/bank-payments.en.md:${line}: error: the example "${taken}" is answered with "card-payments"`))).toBe(true);
  });

  it('a language file is broken', () => {
    const copy = copyContent();
    copy.edit('languages/en.yaml', (t) => t.replace(/^code: en$/m, 'code: english'));
    expect(errorsOf(copy.dir)).toEqual([
      expect.stringMatching(/^languages\/en\.yaml:1: error: not a valid language file:\n {2}code: must be a two- or three-letter language code/),
    ]);
  });

  it('a question that makes the bot ask between this guide and others is a warning, not an error', () => {
    const { dir, line } = withPhrase('guides/card-payments.en.md', 'how do I turn it on');
    expect(errorsOf(dir)).toEqual([]);
    expect(warningsOf(dir)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^guides/card-payments\\.en\\.md:${line}: warning: the example "how do I turn it on" makes the bot ask which of .*card-payments.* is meant instead of answering`,
        ),
      ),
    );
  });
});
