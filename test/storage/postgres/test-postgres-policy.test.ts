import type { TestProject } from 'vitest/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import setup from '../../support/postgres-global-setup.js';

// The globalSetup's rule, checked on the function itself with a PostgreSQL that cannot start (PG_BIN pointing
// nowhere): fail in CI, fail outside CI unless SKIP_POSTGRES=1, and never skip in CI.
describe("the tests' PostgreSQL, when it cannot start", () => {
  const saved = { CI: process.env.CI, SKIP_POSTGRES: process.env.SKIP_POSTGRES, PG_BIN: process.env.PG_BIN };
  const provided: unknown[] = [];
  const project = { provide: (_key: string, value: unknown) => provided.push(value) } as unknown as TestProject;
  const env = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  afterEach(() => {
    env(saved);
    provided.length = 0;
    vi.restoreAllMocks();
  });

  it('fails the run in CI', async () => {
    env({ CI: 'true', SKIP_POSTGRES: undefined, PG_BIN: '/nonexistent' });
    await expect(setup(project)).rejects.toThrow(/could not start: No PostgreSQL server is installed[\s\S]*never skipped/);
    expect(provided).toEqual([]);
  });

  it('fails outside CI too, and says how to skip', async () => {
    env({ CI: undefined, SKIP_POSTGRES: undefined, PG_BIN: '/nonexistent' });
    await expect(setup(project)).rejects.toThrow(/install Debian's postgresql[\s\S]*SKIP_POSTGRES=1/i);
  });

  it('skips with a notice only when SKIP_POSTGRES=1 says so, outside CI', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    env({ CI: undefined, SKIP_POSTGRES: '1', PG_BIN: '/nonexistent' });
    expect(await setup(project)).toBeUndefined();
    expect(provided).toEqual([{ skipped: 'SKIP_POSTGRES=1' }]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/PostgreSQL test is SKIPPED/));
  });

  it('refuses SKIP_POSTGRES=1 in CI', async () => {
    env({ CI: 'true', SKIP_POSTGRES: '1' });
    await expect(setup(project)).rejects.toThrow(/never skipped in CI/);
  });
});
