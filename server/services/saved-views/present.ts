import type { savedViews } from '../../db/schema/index.ts';

type SavedViewRow = typeof savedViews.$inferSelect;

export function presentSavedView(v: SavedViewRow, count: number | null = null) {
  return {
    id: v.id,
    name: v.name,
    shared: v.ownerUserId === null,
    filters: v.filters,
    position: v.position,
    /** Tickets the viewer may see that the view lists now; null where not counted. */
    count,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}
export type SavedViewView = ReturnType<typeof presentSavedView>;
