import { resolve } from 'node:path';
import type { Router } from 'express';
import type { StaffAuth } from '../auth/staff-auth.js';
import type { Config } from '../config.js';
import { checkLanguages } from '../knowledge/check-languages.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Translators } from '../language/i18n.js';
import type { Logger } from '../logger.js';
import type { Records } from '../storage/records.js';
import { createLiveKnowledge, type LiveKnowledge } from '../knowledge/live-knowledge.js';
import { createEditorRouter } from './editor-router.js';

/** what the editor reads and shows; its previews run a bot of their own (preview-bot.ts) */
export type EditorParts = { config: Config; knowledge: { current: KnowledgeBase }; translators: Translators; records: Records; logger: Logger };

export type Editor = { router: Router; live: LiveKnowledge; close: () => void };

/** Live reload of content/ (CONTENT_WATCH) and the /editor page; main.ts mounts `router` and calls `close` on shutdown. */
export function createEditor(parts: EditorParts, deps: { requireStaff: StaffAuth['requireStaff']; now?: () => Date }): Editor {
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
