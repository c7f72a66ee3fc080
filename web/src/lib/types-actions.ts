/** Shapes the action editor works with: shared by macros and automation rules. */
import type { ApiData } from './api.ts';

/** One action the editor offers, with its parameters (the automation catalog's or the macro editor's). */
export type ActionSpec = ApiData<'get', '/macros/actions'>['actions'][number];
/** A custom field a set_field action may set. */
export type FieldRef = ApiData<'get', '/macros/actions'>['fields'][number];
/** What the parameter pickers offer: statuses, priorities, custom fields and (admins) webhook subscriptions. */
export type ActionEnums = {
  statuses: readonly string[];
  priorities: readonly string[];
  fields?: readonly FieldRef[];
  webhooks?: readonly { id: string; name: string }[];
};
/** An action being written: its type and whatever parameters are filled in so far (the server checks them). */
export type ActionDraft = { type: string } & Record<string, unknown>;
/** A macro being written: its actions are the same drafts as a rule's. */
export type MacroDraft = { name: string; description: string | null; scope: 'personal' | 'shared'; actions: ActionDraft[] };
