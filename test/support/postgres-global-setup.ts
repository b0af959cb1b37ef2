import type { TestProject } from 'vitest/node';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import type { PostgresForTests } from './postgres.js';

/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run (each test file makes its own database in
 * it, test/support/postgres.ts), stopped and deleted at the end. Its URL reaches the tests through `provide` and, for
 * processes they start, TEST_DATABASE_URL.
 *
 * A PostgreSQL that cannot start fails the run. Outside CI, SKIP_POSTGRES=1 skips the PostgreSQL tests instead, with
 * a notice; in CI (CI=true) nothing skips them.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const ci = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
  const provide = (value: PostgresForTests) => project.provide('postgres', value);
  if (process.env.SKIP_POSTGRES === '1') {
    if (ci) throw new Error('SKIP_POSTGRES=1 is set, but this is CI (CI=true): the PostgreSQL tests are never skipped in CI.');
    console.warn('\n  SKIP_POSTGRES=1: no PostgreSQL was started, and every PostgreSQL test is SKIPPED in this run.\n');
    provide({ skipped: 'SKIP_POSTGRES=1' });
    return undefined;
  }
  let cluster: PostgresCluster;
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    const what = ci
      ? 'In CI (CI=true) the PostgreSQL tests are never skipped.'
      : "Install Debian's postgresql package (npm test does it when it is missing), or set SKIP_POSTGRES=1 to run without the PostgreSQL tests.";
    throw new Error(`The tests' PostgreSQL could not start: ${(error as Error).message}\n${what}`, { cause: error });
  }
  const url = cluster.url('postgres');
  provide({ url });
  process.env.TEST_DATABASE_URL = url;
  // Should the run be cut short, the server still goes with it.
  const onExit = () => cluster.stopNow();
  process.once('exit', onExit);
  const { initMs, startMs } = cluster.timings;
  console.log(`PostgreSQL ${cluster.version} for the tests in ${cluster.dir}: initdb ${Math.round(initMs)} ms, start ${Math.round(startMs)} ms`);
  return async () => {
    process.off('exit', onExit);
    await cluster.stop();
  };
}
