import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';

/** Per guide, the text hash of each language when an editor last confirmed the translations say the same. */
export type TranslationReviews = {
  /** guide id → locale → hash */
  all: () => Record<string, Record<string, string>>;
  confirm: (id: string, hashes: Record<string, string>) => void;
};

export const REVIEWS_FILE = 'translations.yaml';

const ReviewsSchema = z.record(z.string(), z.record(z.string(), z.string()));

const HEADER = `# Written by the editor page (/editor, "Translations match"): per guide, a fingerprint of each language's text
# when an editor last confirmed the translations say the same thing. A guide whose text changed in one language
# since then shows "needs translation review". Commit this file with your content changes.
`;

/** Kept in content/ beside the guides, so a confirmation travels with the text it confirms (git, deploys). */
export function createTranslationReviews(contentDir: string): TranslationReviews {
  const file = join(contentDir, REVIEWS_FILE);
  const read = (): Record<string, Record<string, string>> => {
    if (!existsSync(file)) return {};
    const parsed = ReviewsSchema.safeParse(parse(readFileSync(file, 'utf8')) ?? {});
    // A hand-broken file only loses the confirmations: every guide falls back to comparing `reviewed` dates.
    return parsed.success ? parsed.data : {};
  };
  return {
    all: read,
    confirm(id, hashes) {
      const all = { ...read(), [id]: hashes };
      const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, HEADER + stringify(sorted));
      renameSync(temp, file);
    },
  };
}
