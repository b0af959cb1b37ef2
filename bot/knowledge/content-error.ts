export type ContentProblem = { file: string; line: number; message: string };

/** A broken content file: boot stops with every problem, each naming its file and line. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`Content is not valid:\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n')}`);
    this.name = 'ContentError';
  }
}
