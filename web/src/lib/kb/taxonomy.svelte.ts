import { api } from '../api.ts';
import type { CategoryView } from './types.ts';

/** The category tree, loaded once per visit to the KB screens and reloaded after each change. */
class Categories {
  tree = $state<CategoryView[]>([]);
  loaded = $state(false);

  async load(): Promise<void> {
    const res = await api.get('/kb/categories');
    this.tree = res.categories;
    this.loaded = true;
  }

  async ensure(): Promise<void> {
    if (!this.loaded) await this.load();
  }
}

export const categories = new Categories();
