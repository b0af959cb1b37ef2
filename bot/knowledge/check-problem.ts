import type { ContentProblem } from './content-error.js';

/** An error stops `npm run content:check` (and a live reload, for broken files); a warning is shown and let through. */
export type Severity = 'error' | 'warning';

export type CheckProblem = ContentProblem & { severity: Severity };

export const errorOf = (p: ContentProblem): CheckProblem => ({ ...p, severity: 'error' });
