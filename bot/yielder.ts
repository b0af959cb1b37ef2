import { setImmediate as nextTurn } from 'node:timers/promises';

// Long work (the editors' report over thousands of questions, the retention purge) gives the event loop back after this
// long, so chats and /healthz wait at most about this much behind it.
export const SLICE_MS = 10;

/** `await pause()` inside a long loop: returns at once until the slice is used up, then lets other work run. */
export function createYielder(sliceMs = SLICE_MS): () => Promise<void> {
  let started = performance.now();
  return async () => {
    if (performance.now() - started < sliceMs) return;
    await nextTurn();
    started = performance.now();
  };
}
