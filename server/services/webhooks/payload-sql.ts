import { sql, type SQL } from 'drizzle-orm';
import type { TicketEventRow } from '../process-events/event-names.ts';

/** The payload format's version: a receiver checks it before reading anything else. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** A ticket as webhooks show it (snake-free JSON, ids as strings, times as ISO text). */
const ticketJson = (ticketId: string) => sql`(
  select jsonb_build_object(
    'id', t.id, 'number', t.number, 'subject', t.subject, 'status', t.status, 'priority', t.priority,
    'channel', t.channel, 'inboxId', t.inbox_id, 'teamId', t.team_id, 'assigneeId', t.assignee_id,
    'escalationLevel', t.escalation_level, 'tags', to_jsonb(t.tags), 'fields', t.custom_fields, 'spam', t.spam,
    'createdAt', t.created_at, 'updatedAt', t.updated_at,
    'customer', jsonb_build_object('id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'tags', to_jsonb(c.tags), 'fields', c.custom_fields)
  )
  from tickets t join customers c on c.id = t.customer_id
  where t.id = ${ticketId}::uuid
)`;

const messageJson = (messageId: string) => sql`(
  select jsonb_build_object(
    'id', m.id, 'direction', m.direction, 'channel', m.channel, 'text', m.text,
    'authorUserId', m.author_user_id, 'customerId', m.customer_id, 'createdAt', m.created_at,
    'attachments', (select count(*) from attachments a where a.message_id = m.id)
  )
  from messages m where m.id = ${messageId}::uuid
)`;

const isUuidText = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

function actorJson(row: TicketEventRow): SQL {
  const system = typeof row.data?.system === 'string' ? row.data.system : null;
  if (row.actorType === 'system' || !row.actorId) return sql`jsonb_build_object('type', 'system', 'id', null, 'name', ${system}::text)`;
  const table = row.actorType === 'user' ? sql`users` : sql`customers`;
  return sql`jsonb_build_object('type', ${row.actorType}::text, 'id', ${row.actorId}::text,
    'name', (select a.name from ${table} a where a.id = ${row.actorId}::uuid))`;
}

/**
 * The delivery payload, built in SQL as part of the INSERT … SELECT that writes the deliveries: its subqueries run
 * once per delivery written, so an event nobody subscribes to costs nothing but the subscription scan. It is a
 * snapshot taken in the event's transaction (see README "Webhooks": why). `eventName` is the SQL of the event's name.
 */
export function eventPayloadSql(row: TicketEventRow, eventName: SQL): SQL {
  const { system: _system, ...details } = row.data ?? {};
  const messageId = row.data?.messageId;
  const changes = { kind: row.kind, from: row.from ?? null, to: row.to ?? null, details };
  return sql`jsonb_build_object(
    'version', ${WEBHOOK_PAYLOAD_VERSION}::int,
    'id', ${`${row.id}:`}::text || ${eventName},
    'event', ${eventName},
    'occurredAt', ${row.at.toISOString()}::text,
    'ticket', ${ticketJson(row.ticketId)},
    'message', ${isUuidText(messageId) ? messageJson(messageId) : sql`null::jsonb`},
    'actor', ${actorJson(row)},
    'changes', ${JSON.stringify(changes)}::jsonb
  )`;
}
