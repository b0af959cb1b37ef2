import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { parsedAhead, remember } from '../parsed-yaml.js';
import type { z } from 'zod';
import { loadLanguagePacks, type LanguagePack } from '../language/language-pack.js';
import { ContentError, type ContentProblem } from './content-error.js';
import { readFrontMatter } from './front-matter.js';
import { GuideSchema, type Guide } from './guide.js';
import { PortalMapSchema, type PortalMap } from './portal-map.js';

export type Content = {
  dir: string;
  languages: Map<string, LanguagePack>;
  /** guide id → locale → guide; declines included */
  topics: Map<string, Map<string, Guide>>;
  portal: PortalMap;
};

const FILE_NAME = /^([a-z0-9-]+)\.([a-z]{2,3})\.md$/;

export function loadContent(dir: string): Content {
  const problems: ContentProblem[] = [];
  const languages = loadLanguagePacks(join(dir, 'languages'));
  const portal = loadPortal(join(dir, 'portal.yaml'), problems);
  const guides = [...readGuides(join(dir, 'guides'), 'guide', problems), ...readGuides(join(dir, 'declines'), 'decline', problems)];
  const topics = new Map<string, Map<string, Guide>>();
  for (const guide of guides) {
    const byLocale = topics.get(guide.id) ?? new Map<string, Guide>();
    const twin = byLocale.get(guide.locale);
    if (twin) problems.push({ file: guide.file, line: guide.lineOf(['id']), message: `id "${guide.id}" in ${guide.locale} is already used by ${twin.file}` });
    byLocale.set(guide.locale, guide);
    topics.set(guide.id, byLocale);
    checkPages(guide, portal, problems);
    if (!languages.has(guide.locale))
      problems.push({
        file: guide.file,
        line: guide.lineOf(['locale']),
        message: `there is no language file content/languages/${guide.locale}.yaml for locale "${guide.locale}"`,
      });
  }
  for (const guide of guides) {
    const base = guide.refines === undefined ? undefined : topics.get(guide.refines);
    if (guide.refines !== undefined && (guide.refines === guide.id || ![...(base?.values() ?? [])].some((g) => g.kind === 'guide'))) {
      problems.push({ file: guide.file, line: guide.lineOf(['refines']), message: `refines "${guide.refines}", which is not another guide's id` });
    }
    guide.givesWay.forEach((id, i) => {
      if (![...(topics.get(id)?.values() ?? [])].some((g) => g.kind === 'guide')) {
        problems.push({ file: guide.file, line: guide.lineOf(['givesWay', i]), message: `gives way to "${id}", which is not a guide's id` });
      }
    });
  }
  for (const [id, byLocale] of topics) {
    const any = [...byLocale.values()][0] as Guide;
    for (const code of languages.keys()) {
      // A version that exists but did not parse has its own problems above; "missing" would send the editor looking for it.
      const present = byLocale.has(code) || existsSync(join(dirname(any.file), `${id}.${code}.md`));
      if (!present) problems.push({ file: any.file, line: 1, message: `"${id}" has no ${code} version: add ${id}.${code}.md beside it` });
    }
  }
  if (![...topics.values()].some((t) => [...t.values()].some((g) => g.kind === 'guide'))) {
    problems.push({ file: join(dir, 'guides'), line: 1, message: 'there are no guides' });
  }
  if (problems.length > 0) throw new ContentError(problems);
  return { dir, languages, topics, portal: portal as PortalMap };
}

function readGuides(dir: string, kind: Guide['kind'], problems: ContentProblem[]): Guide[] {
  if (!existsSync(dir)) return [];
  const guides: Guide[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const file = join(dir, name);
    const guide = parseGuide(readFileSync(file, 'utf8'), file, kind, problems);
    if (guide) guides.push(guide);
  }
  return guides;
}

export function parseGuide(source: string, file: string, kind: Guide['kind'], problems: ContentProblem[]): Guide | undefined {
  const fm = readFrontMatter(source);
  for (const e of fm.errors) problems.push({ file, ...e });
  if (fm.errors.length > 0) return undefined;
  const parsed = GuideSchema.safeParse(fm.data ?? {});
  if (!parsed.success) {
    problems.push(...issuesOf(parsed.error, file, fm.lineOf));
    return undefined;
  }
  const guide = parsed.data;
  const named = FILE_NAME.exec(basename(file));
  if (!named || named[1] !== guide.id || named[2] !== guide.locale) {
    problems.push({ file, line: fm.lineOf(['id']), message: `the file must be named ${guide.id}.${guide.locale}.md after its id and locale` });
  }
  if (guide.kind !== kind) problems.push({ file, line: fm.lineOf(['kind']), message: `a file in ${basename(join(file, '..'))}/ must have kind "${kind}"` });
  return { ...guide, body: fm.body, file, lineOf: fm.lineOf };
}

function issuesOf(error: z.ZodError, file: string, lineOf: (path: readonly PropertyKey[]) => number): ContentProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.') || 'front matter';
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
    return { file, line: lineOf(issue.path), message: `${field}: ${message}` };
  });
}

function checkPages(guide: Guide, portal: PortalMap | undefined, problems: ContentProblem[]): void {
  if (!portal) return;
  const named: [string, (string | number)[]][] = [];
  if (guide.page) named.push([guide.page, ['page']]);
  for (const [i, step] of guide.steps.entries()) if (step.page) named.push([step.page, ['steps', i, 'page']]);
  for (const [page, path] of named) {
    if (!portal.pages[page]) {
      problems.push({
        file: guide.file,
        line: guide.lineOf(path),
        message: `page "${page}" is not in content/portal.yaml (known: ${Object.keys(portal.pages).join(', ')})`,
      });
    } else if (!portal.pages[page].label[guide.locale]) {
      problems.push({ file: guide.file, line: guide.lineOf(path), message: `page "${page}" has no ${guide.locale} label in content/portal.yaml` });
    }
  }
}

function loadPortal(file: string, problems: ContentProblem[]): PortalMap | undefined {
  if (!existsSync(file)) {
    problems.push({ file, line: 1, message: 'the Partner System link map is missing' });
    return undefined;
  }
  const source = readFileSync(file, 'utf8');
  // Parsed by the build already (parsed-yaml.ts): the document, for line numbers, only if it does not fit the schema.
  const ahead = parsedAhead(source);
  if (ahead) {
    const parsed = PortalMapSchema.safeParse(ahead.value);
    if (parsed.success) return parsed.data;
  }
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push({ file, line: counter.linePos(e.pos[0]).line, message: `YAML: ${e.message.split('\n')[0]}` });
    return undefined;
  }
  const value: unknown = doc.toJS();
  remember(source, value);
  const parsed = PortalMapSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number] } | undefined;
    problems.push({ file, line: node?.range ? counter.linePos(node.range[0]).line : 1, message: `${issue.path.join('.')}: ${issue.message}` });
  }
  return undefined;
}
