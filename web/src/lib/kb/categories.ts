import type { CategoryView, KbLocale } from './types.ts';

export interface FlatCategory {
  id: string;
  depth: number;
  label: string;
  node: CategoryView;
}

export const categoryLabel = (c: Pick<CategoryView, 'name' | 'localizedNames'>, locale: string) =>
  c.localizedNames[locale as KbLocale] || c.name;

/** The tree in display order with depths, for selects and indented lists. */
export function flattenCategories(tree: CategoryView[], locale: string, depth = 0): FlatCategory[] {
  return tree.flatMap((c) => [
    { id: c.id, depth, label: categoryLabel(c, locale), node: c },
    ...flattenCategories(c.children, locale, depth + 1),
  ]);
}

/** The category and everything under it: a category cannot move into its own subtree. */
export function subtreeIds(c: CategoryView): Set<string> {
  return new Set([c.id, ...c.children.flatMap((x) => [...subtreeIds(x)])]);
}
