import { StorageUnavailableError, isStorageFault } from '../database.js';

/**
 * What the PostgreSQL stores of one instance have in flight. A write resolves once committed, so a caller that awaits
 * it needs nothing more; this is for writes nobody awaits (botbuilder's transcript logger fires and forgets), so that
 * an answer still waits for them, as the SQLite file's group commit makes it wait for the tick.
 */
export type PendingWrites = {
  /** counts `write` as in flight until it settles; gives it back */
  track: <T>(write: Promise<T>) => Promise<T>;
  /** runs `work`, then waits for every write in flight; StorageUnavailableError if one failed with a storage fault meanwhile */
  durably: <T>(work: () => T | Promise<T>) => Promise<T>;
};

export function createPendingWrites(): PendingWrites {
  const pending = new Set<Promise<void>>();
  // Storage faults since the start: a reader compares its own count before and after, as Database.settle does.
  let failures = 0;
  // Only what is in flight now: under steady load the set is never empty.
  const settled = () => Promise.all([...pending]);
  return {
    track(write) {
      const done = write.then(
        () => undefined,
        (error: unknown) => {
          if (isStorageFault(error)) failures += 1;
        },
      );
      pending.add(done);
      void done.then(() => pending.delete(done));
      return write;
    },
    async durably(work) {
      const before = failures;
      const result = await work();
      await settled();
      if (failures !== before) throw new StorageUnavailableError();
      return result;
    },
  };
}
