import { resolve } from 'node:path';
import type { Router } from 'express';
import { type AppParts, checkLanguages } from '../app.js';
import type { StaffAuth } from '../auth/staff-auth.js';
import { createLiveKnowledge, type LiveKnowledge } from '../knowledge/live-knowledge.js';
import { createEditorRouter } from './editor-router.js';

export type Editor = { router: Router; live: LiveKnowledge; close: () => void };

/** Live reload of content/ (CONTENT_WATCH) and the /editor page; main.ts mounts `router` and calls `close` on shutdown. */
export function createEditor(parts: AppParts, deps: { requireStaff: StaffAuth['requireStaff']; now?: () => Date }): Editor {
  const { config, translators } = parts;
  const live = createLiveKnowledge({
    config: { ...config, CONTENT_DIR: resolve(config.CONTENT_DIR) },
    knowledge: parts.knowledge,
    logger: parts.logger,
    // A new language in content/ without its bot strings would fail every turn in it: such a save is refused like a broken file.
    verify: (kb) => checkLanguages(kb, translators, config.DEFAULT_LOCALE),
    watch: config.CONTENT_WATCH,
    now: deps.now,
  });
  const router = createEditorRouter({ parts, live, requireStaff: deps.requireStaff, now: deps.now });
  return { router, live, close: live.close };
}
