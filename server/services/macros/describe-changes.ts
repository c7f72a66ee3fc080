import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { cannedResponses, type tickets } from '../../db/schema/index.ts';
import type { Action } from '../automation/schema.ts';
import { fillPlaceholders, type PlaceholderValues } from '../canned-responses/placeholders.ts';

type TicketRow = typeof tickets.$inferSelect;

/** One line of a preview: what an action would do to one ticket; `unchanged` when it is already so. */
export interface MacroChange {
  type: string;
  from?: string | null;
  to?: string | null;
  tags?: string[];
  text?: string;
  subject?: string;
  hours?: number;
  /** set_field: which field, as `ticket.<key>` or `customer.<key>`. */
  field?: string;
  unchanged: boolean;
}

const fieldText = (v: unknown): string | null => (v === null || v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v));

/** Canned response bodies the actions name, loaded once for every ticket of a preview. */
export async function cannedBodies(db: DbOrTx, actions: readonly Action[]): Promise<Map<string, string>> {
  const ids = actions.flatMap((a) => (a.type === 'send_reply' && a.cannedResponseId ? [a.cannedResponseId] : []));
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: cannedResponses.id, body: cannedResponses.body })
    .from(cannedResponses)
    .where(inArray(cannedResponses.id, ids));
  return new Map(rows.map((r) => [r.id, r.body]));
}

/** What `actions` would change on `ticket`, in order, each seeing the ticket as the previous ones left it. Pure. */
export function describeChanges(
  ticket: TicketRow,
  actions: readonly Action[],
  values: PlaceholderValues,
  canned: Map<string, string>,
): MacroChange[] {
  let { status, priority, assigneeId, teamId } = ticket;
  const tags = new Set(ticket.tags);
  const fields: Record<string, unknown> = { ...ticket.customFields };
  const fill = (s: string) => fillPlaceholders(s, values);
  return actions.map((a): MacroChange => {
    switch (a.type) {
      case 'set_status': {
        const from = status;
        status = a.status;
        return { type: a.type, from, to: a.status, unchanged: from === a.status };
      }
      case 'set_priority': {
        const from = priority;
        priority = a.priority;
        return { type: a.type, from, to: a.priority, unchanged: from === a.priority };
      }
      case 'assign_agent': {
        const from = assigneeId;
        assigneeId = a.userId;
        return { type: a.type, from, to: a.userId, unchanged: from === a.userId };
      }
      case 'unassign': {
        const from = assigneeId;
        assigneeId = null;
        return { type: a.type, from, to: null, unchanged: from === null };
      }
      case 'assign_team': {
        const from = teamId;
        teamId = a.teamId;
        return { type: a.type, from, to: a.teamId, unchanged: from === a.teamId };
      }
      case 'add_tags': {
        const added = a.tags.filter((t) => !tags.has(t));
        added.forEach((t) => tags.add(t));
        return { type: a.type, tags: added, unchanged: !added.length };
      }
      case 'remove_tags': {
        const removed = a.tags.filter((t) => tags.has(t));
        removed.forEach((t) => tags.delete(t));
        return { type: a.type, tags: removed, unchanged: !removed.length };
      }
      case 'send_reply':
        return { type: a.type, text: fill(a.text ?? canned.get(a.cannedResponseId ?? '') ?? ''), unchanged: false };
      case 'add_note':
        return { type: a.type, text: fill(a.text), unchanged: false };
      case 'email_user':
        return { type: a.type, to: a.userId, subject: fill(a.subject), text: fill(a.text), unchanged: false };
      case 'email_team':
        return { type: a.type, to: a.teamId, subject: fill(a.subject), text: fill(a.text), unchanged: false };
      case 'escalate':
        return { type: a.type, text: a.reason, unchanged: false };
      case 'snooze':
        return { type: a.type, hours: a.hours, unchanged: false };
      case 'add_follower':
        return { type: a.type, to: a.userId, unchanged: false };
      case 'set_field': {
        const field = `${a.entity}.${a.key}`;
        if (a.entity !== 'ticket') return { type: a.type, field, to: fieldText(a.value), unchanged: false };
        const from = fieldText(fields[a.key]);
        fields[a.key] = a.value;
        return { type: a.type, field, from, to: fieldText(a.value), unchanged: from === fieldText(a.value) };
      }
      default:
        return { type: a.type, unchanged: false };
    }
  });
}
