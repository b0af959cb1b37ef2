import { z } from 'zod';

const PageSchema = z
  .object({
    label: z.record(z.string(), z.string().min(1)),
    path: z.string().startsWith('/', 'must start with "/"'),
    withoutStore: z.string().startsWith('/', 'must start with "/"').optional(),
    verified: z.boolean().default(false),
  })
  .strict()
  .refine((p) => !p.path.includes('{storeId}') || p.withoutStore, {
    message: 'a path with {storeId} needs a "withoutStore" path for chats that do not know the store',
    path: ['withoutStore'],
  });

export const PortalMapSchema = z.object({ pages: z.record(z.string(), PageSchema) }).strict();

export type PortalPage = z.infer<typeof PageSchema>;
export type PortalMap = z.infer<typeof PortalMapSchema>;

// Store ids come from the page embedding the widget: only ids shaped like Montonio's uuids reach a URL.
export const STORE_ID = /^[A-Za-z0-9-]{1,64}$/;

export function portalUrl(baseUrl: string, page: PortalPage, storeId?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (page.path.includes('{storeId}')) {
    if (storeId && STORE_ID.test(storeId)) return base + page.path.replace('{storeId}', encodeURIComponent(storeId));
    return base + (page.withoutStore ?? '/');
  }
  return base + page.path;
}
