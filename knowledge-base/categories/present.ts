import type { kbCategories } from '../../server/db/schema/index.ts';

type CategoryRow = typeof kbCategories.$inferSelect;

export function presentCategory(c: CategoryRow) {
  return {
    id: c.id,
    parentId: c.parentId,
    slug: c.slug,
    name: c.name,
    localizedNames: c.localizedNames,
    description: c.description,
    position: c.position,
  };
}
export type CategoryView = ReturnType<typeof presentCategory> & { children: CategoryView[]; articleCount?: number };

/** Flat rows to a tree ordered by position then name. */
export function categoryTree(rows: CategoryRow[], counts: Map<string, number> = new Map()): CategoryView[] {
  const nodes = new Map(
    rows.map((r) => [r.id, { ...presentCategory(r), children: [] as CategoryView[], articleCount: counts.get(r.id) ?? 0 }]),
  );
  const roots: CategoryView[] = [];
  const sorted = [...rows].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  for (const r of sorted) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
