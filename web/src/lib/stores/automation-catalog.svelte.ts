import { api } from '../api.ts';
import type { ActionEnums } from '../types-actions.ts';
import type { AutomationCatalog } from '../types-automation.ts';
import { canned } from './canned.svelte.ts';
import { directory } from './directory.svelte.ts';

type Calendar = { id: string; name: string };
type Inbox = { id: string; name: string; channel: string };

/**
 * What the rule builder and the macro editor are made from: the server's catalog of events, condition fields
 * and actions, plus the people, teams, canned responses, calendars and inboxes their pickers offer.
 */
class CatalogStore {
  value = $state<AutomationCatalog | null>(null);
  calendars = $state<Calendar[]>([]);
  inboxes = $state<Inbox[]>([]);
  webhooks = $state<{ id: string; name: string }[]>([]);
  private loading: Promise<void> | null = null;

  ensure(): Promise<void> {
    this.loading ??= this.load().catch((err) => {
      this.loading = null;
      throw err;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const [catalog] = await Promise.all([
      api.get('/automation/catalog'),
      directory.loaded ? undefined : directory.load(),
      canned.ensure(),
      // Calendars and inboxes are only readable by some roles; their pickers are empty for the others.
      api.get('/calendars').then(
        (r) => (this.calendars = r.calendars),
        () => undefined,
      ),
      api.get('/inboxes').then(
        (r) => (this.inboxes = r.inboxes),
        () => undefined,
      ),
      api.get('/webhooks').then(
        (r) => (this.webhooks = r.webhooks),
        () => undefined,
      ),
    ]);
    this.value = catalog;
  }

  /** What the action rows' pickers offer, custom fields and webhooks included. */
  get enums(): ActionEnums {
    const c = this.value;
    const fields = (c?.conditionFields ?? []).flatMap((f) =>
      f.custom
        ? [{ entity: f.custom.entity, key: f.custom.key, type: f.custom.type, labels: f.custom.labels, options: f.custom.options }]
        : [],
    );
    return { statuses: c?.enums.statuses ?? [], priorities: c?.enums.priorities ?? [], fields, webhooks: this.webhooks };
  }
}

export const automationCatalog = new CatalogStore();
