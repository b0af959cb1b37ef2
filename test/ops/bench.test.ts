import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEV_QUESTIONS } from '../../scripts/bench-questions.js';
import { describePostgres } from '../support/postgres.js';

const run = promisify(execFile);
const bench = ['--import', 'tsx', 'scripts/bench.ts'];
// The smallest run that still does every part: a turn or two per measurement, one round of one second per server.
const TINY = { BENCH_TURNS: '30', BENCH_ROUNDS: '1', BENCH_SECONDS: '1', BENCH_GENERATED: '5' };
const number = String.raw`[\d.]+`;
const noDevSet = !existsSync(DEV_QUESTIONS);

describe('npm run bench, when the dev set is not there', () => {
  it('stops with a sentence that names the file', async () => {
    const failed = await run(process.execPath, bench, { env: { ...process.env, BENCH_QUESTIONS: 'no/such/questions.jsonl' } }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("The benchmark asks the dev set's questions, and no/such/questions.jsonl");
  }, 30_000);
});

// A smoke test, so the benchmark cannot rot unnoticed: its figures mean nothing at these sizes.
describePostgres('npm run bench', () => {
  it.skipIf(noDevSet)(
    'runs SQLite and PostgreSQL, prints their ratios and the CPU per turn with one and two instances, and stops its cluster',
    async () => {
      const { stdout } = await run(process.execPath, bench, { env: { ...process.env, ...TINY }, timeout: 170_000 });
      expect(stdout).toContain("Questions: the dev set's");
      const dir = /a throwaway cluster in (\S+):/.exec(stdout)?.[1];
      expect(dir).toBeDefined();
      expect(existsSync(dir as string)).toBe(false);
      expect(stdout).toMatch(new RegExp(`ours, PostgreSQL +p50 +${number} ms +×${number} +×${number} +p99`));
      expect(stdout).toMatch(new RegExp(`ours \\(PostgreSQL, 1 instance\\) +${number} turns/s .* ratio ${number}`));
      expect(stdout).toMatch(new RegExp(`ours \\(PostgreSQL, 2 instances\\) +${number} turns/s .* ratio ${number}`));
      expect(stdout).toMatch(new RegExp(`ours: PostgreSQL \\(1 instance\\) / SQLite +turns/s ratio ${number}`));
      expect(stdout).toMatch(new RegExp(`ours \\(SQLite file, default\\) +${number} ms/turn`));
      expect(stdout).toMatch(new RegExp(`ours \\(PostgreSQL, 1 instance\\) +${number} ms/turn .* PostgreSQL ${number} ms/turn`));
      expect(stdout).toMatch(new RegExp(`ours \\(PostgreSQL, 2 instances\\) +${number} ms/turn .* PostgreSQL ${number} ms/turn`));
      expect(stdout).toMatch(new RegExp(`2 instances / 1 instance +bot processes ×${number} .* PostgreSQL ×${number}`));
    },
    180_000,
  );

  it.skipIf(noDevSet)(
    'stops its PostgreSQL cluster on Ctrl-C',
    async () => {
      const child = spawn(process.execPath, bench, { env: { ...process.env, ...TINY }, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let stdout = '';
      const dir = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const found = /a throwaway cluster in (\S+):/.exec(stdout)?.[1];
          if (found) resolve(found);
        });
        void exited.then(() => reject(new Error(`the benchmark ended before it started PostgreSQL:\n${stdout}`)));
      });
      expect(existsSync(dir)).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(existsSync(dir)).toBe(false);
    },
    60_000,
  );
});
