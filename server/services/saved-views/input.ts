import { z } from 'zod';
import { listTicketsInput } from '../tickets/list-tickets.ts';

/** The inbox list's own filters (view, status, channel, tags, text, dashboard drills, sort), without paging. */
export const savedViewFilters = listTicketsInput.omit({ cursor: true, limit: true });
export type SavedViewFilters = z.output<typeof savedViewFilters>;

export const MAX_VIEWS = 50;
const name = z.string().trim().min(1, 'give the view a name').max(80);

export const createSavedViewInput = z.strictObject({
  name,
  filters: savedViewFilters,
  /** Shared with everyone (supervisors and admins); otherwise the creator's own. */
  shared: z.boolean().default(false),
});

export const updateSavedViewInput = z
  .strictObject({ name: name.optional(), filters: savedViewFilters.optional() })
  .refine((v) => v.name !== undefined || v.filters !== undefined, { message: 'give a name or filters', path: ['name'] });

export const reorderSavedViewsInput = z.strictObject({
  ids: z
    .array(z.uuid({ message: 'expected a saved view id (uuid)' }))
    .min(1)
    .max(MAX_VIEWS * 2)
    .refine((ids) => new Set(ids).size === ids.length, 'each view once'),
});
