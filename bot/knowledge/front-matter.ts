import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { parsedAhead, remember } from '../parsed-yaml.js';

export type FrontMatter = {
  data: unknown;
  body: string;
  /** 1-based line in the file of the value at a path, for error messages */
  lineOf: (path: readonly PropertyKey[]) => number;
  errors: { line: number; message: string }[];
};

const FENCE = /^---\s*$/;

export function readFrontMatter(source: string): FrontMatter {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) {
    return {
      data: undefined,
      body: source,
      lineOf: () => 1,
      errors: [{ line: 1, message: 'the file must start with a "---" line that opens the front matter' }],
    };
  }
  const end = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (end < 0) {
    return { data: undefined, body: '', lineOf: () => 1, errors: [{ line: 1, message: 'the front matter is never closed with a "---" line' }] };
  }
  const yaml = lines.slice(1, end).join('\n');
  const body = lines
    .slice(end + 1)
    .join('\n')
    .trim();
  // Parsed by the build already: the document (for line numbers) only when a line is asked for.
  const ahead = parsedAhead(yaml);
  if (ahead) {
    let document: ReturnType<typeof parsed> | undefined;
    const lineOf: FrontMatter['lineOf'] = (path) => {
      document ??= parsed(yaml);
      return document.lineOf(path);
    };
    return { data: ahead.value, body, lineOf, errors: [] };
  }
  const { doc, lineOf, errors } = parsed(yaml);
  const data = errors.length > 0 ? undefined : doc.toJS();
  if (errors.length === 0) remember(yaml, data);
  return { data, body, lineOf, errors };
}

function parsed(yaml: string) {
  const counter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: false });
  const toLine = (offset: number) => counter.linePos(offset).line + 1;
  const errors = doc.errors.map((e) => ({ line: toLine(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}` }));
  return { doc, errors, lineOf: (path: readonly PropertyKey[]) => toLine(offsetOf(doc, path)) };
}

function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as { range?: [number] } | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}
