import { api, type Schema } from '../api.ts';

export type FieldDef = Schema<'CustomField'>;
export type FieldEntity = FieldDef['entity'];

/** The field definitions every panel and filter reads (active ones); Settings reloads after each change. */
class CustomFieldDefs {
  all = $state<FieldDef[]>([]);
  loaded = $state(false);
  #pending: Promise<void> | null = null;

  load(force = false): Promise<void> {
    if (this.loaded && !force) return Promise.resolve();
    this.#pending ??= api
      .get('/custom-fields')
      .then((r) => {
        this.all = r.fields;
        this.loaded = true;
      })
      .finally(() => (this.#pending = null));
    return this.#pending;
  }

  of(entity: FieldEntity): FieldDef[] {
    return this.all.filter((f) => f.entity === entity);
  }
}

export const customFieldDefs = new CustomFieldDefs();
