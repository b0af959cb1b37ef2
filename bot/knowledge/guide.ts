import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');

export const GuideSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by "-", e.g. "card-payments"'),
    locale: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as "et" or "en"'),
    kind: z.enum(['guide', 'decline']).default('guide'),
    title: text,
    summary: text,
    page: z.string().optional(),
    steps: z.array(z.object({ text, page: z.string().optional() }).strict()).default([]),
    keywords: z.array(text).min(1, 'needs at least one keyword'),
    // An out-of-scope topic's words that alone show what the merchant wants ("fee", "chargeback", "order {number}"),
    // even next to a service's name: they decide before any guide is considered.
    cues: z.array(text).default([]),
    phrases: z.array(text).min(1, 'needs at least one example phrasing'),
    // The guide whose service this one is a kind of (refundable bank payments are bank payments): when the merchant
    // names this guide's own words beside that service, this guide wins over the general one.
    refines: z.string().optional(),
    // An out-of-scope topic that gives way to these guides when the merchant names their service: "the developer I
    // added as a user can't see the API keys" is for the API keys guide (which says which role sees them).
    givesWay: z.array(z.string()).default([]),
    article: z.url('must be a full https:// link').optional(),
    reviewed: z.union([z.string(), z.date()]).transform((v, ctx) => {
      const date = v instanceof Date ? v : new Date(`${v}T00:00:00Z`);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'must be a date written as YYYY-MM-DD' });
        return z.NEVER;
      }
      return date.toISOString().slice(0, 10);
    }),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (g.kind === 'guide' && g.steps.length === 0) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'a guide needs at least one step' });
    if (g.kind === 'guide' && g.cues.length > 0)
      ctx.addIssue({ code: 'custom', path: ['cues'], message: 'only an out-of-scope topic (kind: decline) has cues' });
    if (g.kind === 'guide' && g.givesWay.length > 0)
      ctx.addIssue({ code: 'custom', path: ['givesWay'], message: 'only an out-of-scope topic (kind: decline) gives way to guides' });
    if (g.kind === 'guide' && !g.page) ctx.addIssue({ code: 'custom', path: ['page'], message: 'a guide needs the Partner System page its button opens' });
  });

export type Guide = z.infer<typeof GuideSchema> & {
  body: string;
  file: string;
  /** 1-based line of each front-matter field, for editors' error messages */
  lineOf: (path: readonly PropertyKey[]) => number;
};
