import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from '../logger.js';
import type { ContentProblem } from './content-error.js';
import { ContentError } from './content-error.js';
import { buildKnowledgeBase, type KnowledgeBase, type KnowledgeConfig } from './knowledge-base.js';

export type ReloadStatus =
  | { state: 'ok'; loadedAt: string; topics: number }
  /** the last save could not be loaded: the bot still answers from the content loaded at `servingSince` */
  | { state: 'failed'; failedAt: string; servingSince: string; problems: ContentProblem[] };

export type LiveKnowledge = {
  status: () => ReloadStatus;
  /** loads content/ now; on success the new knowledge base replaces the old one in a single assignment */
  reload: () => ReloadStatus;
  close: () => void;
};

export type LiveKnowledgeDeps = {
  config: KnowledgeConfig;
  knowledge: { current: KnowledgeBase };
  logger: Logger;
  /** further checks a new knowledge base must pass before it serves (e.g. every language has its bot strings) */
  verify?: (kb: KnowledgeBase) => void;
  /** false: no watching, reload() only */
  watch?: boolean;
  now?: () => Date;
};

// One save is several file events (truncate, write, rename); loading once they settle stays well inside two seconds.
const SETTLE_MS = 250;

/** Watches content/ and swaps in a freshly built knowledge base after each save; a broken save keeps the last good one. */
export function createLiveKnowledge(deps: LiveKnowledgeDeps): LiveKnowledge {
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  let status: ReloadStatus = { state: 'ok', loadedAt: now(), topics: deps.knowledge.current.content.topics.size };
  let timer: NodeJS.Timeout | undefined;

  function reload(): ReloadStatus {
    const started = Date.now();
    try {
      const kb = buildKnowledgeBase(deps.config);
      deps.verify?.(kb);
      deps.knowledge.current = kb;
      status = { state: 'ok', loadedAt: now(), topics: kb.content.topics.size };
      deps.logger.info('content reloaded', { topics: status.topics, ms: Date.now() - started });
    } catch (error) {
      const servingSince = status.state === 'ok' ? status.loadedAt : status.servingSince;
      status = { state: 'failed', failedAt: now(), servingSince, problems: loadProblems(error, deps.config.CONTENT_DIR) };
      deps.logger.error('content reload failed: still answering from the last good content', {
        servingSince,
        problems: status.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
      });
    }
    return status;
  }

  let watcher: FSWatcher | undefined;
  if (deps.watch !== false) {
    watcher = watch(deps.config.CONTENT_DIR, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(reload, SETTLE_MS);
    });
    watcher.on('error', (error) => deps.logger.error('content watch stopped: restart to pick up edits', { error: error.message }));
  }

  return {
    status: () => status,
    reload,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

/** A failed load as problems: the loader's own list, or the one sentence of a broken language file. */
export function loadProblems(error: unknown, dir: string): ContentProblem[] {
  if (error instanceof ContentError) return error.problems;
  const message = error instanceof Error ? error.message : String(error);
  // Language files report "<file>: <problem>" in one sentence; split it so the file shows like every other problem's.
  const named = /^(\S+\.yaml): ([\s\S]*)$/.exec(message);
  return [named ? { file: named[1] as string, line: 1, message: named[2] as string } : { file: dir, line: 1, message }];
}
