import { and, eq, sql } from 'drizzle-orm';
import { inboundMessageSchema, type InboundMessage } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { attachments, inboxes, messages, tickets } from '../../db/schema/index.ts';
import { isTransientConflict } from '../../db/errors.ts';
import { invalid } from '../../errors.ts';
import { makeStorable } from '../../security/storable-text.ts';
import { cleanFilename, storeFile, type StoredFile } from '../attachments/store.ts';
import { upsertIdentity } from '../customers/upsert-identity.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { syncTicketSla } from '../sla/sync-ticket-sla.ts';
import { inTransaction } from '../transaction.ts';
import type { Actor } from '../actor.ts';
import { findThreadTicket } from './find-thread-ticket.ts';
import { refuseUnseenThread } from './ingest-feeder.ts';
import { presentMessage, presentTicket } from './present.ts';
import { recordEvent } from './record-event.ts';

export interface IngestResult {
  ticketId: string;
  ticketNumber: number;
  messageId: string;
  customerId: string;
  /** True when this exact channel message was already stored: nothing was written. */
  duplicate: boolean;
  ticketCreated: boolean;
  reopened: boolean;
  /** The customer is blocked: the message is kept on a spam ticket that is not routed and answers nothing. */
  spam: boolean;
}

type StoredAttachment = StoredFile & { filename: string; contentType: string; contentId?: string; inline?: boolean };
type MessageRow = typeof messages.$inferSelect;
type AttachmentRow = typeof attachments.$inferSelect;

/** A channel's own steps inside the ingest transaction, so that one message is one transaction. */
export interface IngestOptions {
  /** More advisory locks (a channel's own rows), taken in the same round trip as the conversation's. */
  locks?: string[];
  /**
   * After the duplicate check, before anything is written: the channel's admission (its rate limits, required
   * details). Throwing refuses the message and nothing is written; what it returns completes the sender.
   */
  admit?: (tx: Tx) => Promise<Pick<InboundMessage['sender'], 'displayName' | 'verified'> | void>;
  /** Once the message and its files are written, still inside the transaction. */
  stored?: (tx: Tx, message: MessageRow, files: AttachmentRow[]) => Promise<void>;
  /**
   * The user feeding this message in (the API channel). A thread or a message id that belongs to a ticket they
   * cannot see is refused, naming nothing of that ticket: thread keys are guessable ("order-1234").
   */
  feeder?: Actor;
}

/**
 * The one door every customer message comes in by. One transaction: identity -> ticket (found, reopened or
 * opened) -> message (unique per channel message id) -> history. Safe to call again with the same message.
 * Automated messages (auto-replies, bounces) are kept on the conversation's ticket without acting on it.
 */
export async function ingest(ctx: ServiceContext, raw: InboundMessage, opts: IngestOptions = {}): Promise<IngestResult> {
  // Channels bring customer text nobody can be asked to fix: what PostgreSQL cannot store is dropped or replaced.
  const parsed = inboundMessageSchema.safeParse(makeStorable(raw));
  if (!parsed.success) throw invalid('Invalid inbound message', parsed.error.issues);
  const input = parsed.data;
  const stored = await storeAttachments(ctx.config.DATA_DIR, input);
  // A deadlock victim wrote nothing: the customer's message is taken in on the next try, not refused.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(ctx, input, stored, opts);
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isTransientConflict(err)) throw err;
      ctx.log.warn({ err, attempt, externalMessageId: input.externalMessageId }, 'ingest conflicted with another transaction; retrying');
    }
  }
}

const MAX_ATTEMPTS = 3;

function ingestOnce(ctx: ServiceContext, input: InboundMessage, stored: StoredAttachment[], opts: IngestOptions): Promise<IngestResult> {
  return inTransaction(ctx, async (tx, emit) => {
    // Serialise per sender and per conversation: concurrent first messages never open two tickets.
    await lock(tx, [
      `identity:${input.channel}:${input.sender.externalId.toLowerCase()}`,
      `thread:${input.channel}:${input.threadKey}`,
      ...(opts.locks ?? []),
    ]);

    const [existing] = await tx
      .select({ id: messages.id, ticketId: messages.ticketId, customerId: messages.customerId })
      .from(messages)
      .where(and(eq(messages.channel, input.channel), eq(messages.channelMessageId, input.externalMessageId)));
    if (existing) {
      const [t] = await tx
        .select({ number: tickets.number, spam: tickets.spam, teamId: tickets.teamId, assigneeId: tickets.assigneeId })
        .from(tickets)
        .where(eq(tickets.id, existing.ticketId));
      if (opts.feeder) await refuseUnseenThread(tx, opts.feeder, t!, 'message');
      return {
        ticketId: existing.ticketId,
        ticketNumber: t!.number,
        messageId: existing.id,
        customerId: existing.customerId ?? '',
        duplicate: true,
        ticketCreated: false,
        reopened: false,
        spam: t!.spam,
      };
    }

    const admitted = await opts.admit?.(tx);
    const now = ctx.now();
    const receivedAt = input.receivedAt ?? now;
    const identity = await upsertIdentity(tx, input.channel, admitted ? { ...input.sender, ...admitted } : input.sender);
    const customerActor = { type: 'customer' as const, customerId: identity.customerId };
    const automated = input.automated === true;
    let ticket = (await findThreadTicket(tx, input, 'live')) ?? (automated ? await findThreadTicket(tx, input, 'closed') : undefined);
    if (ticket && opts.feeder) await refuseUnseenThread(tx, opts.feeder, ticket, 'thread');
    let ticketCreated = false;
    let reopened = false;
    let slaChanged = false;

    if (!ticket) {
      const teamId = input.inboxId ? await inboxTeam(tx, input.inboxId) : null;
      [ticket] = await tx
        .insert(tickets)
        .values({
          subject: (input.subject ?? firstLine(input.text)).slice(0, 500),
          channel: input.channel,
          inboxId: input.inboxId ?? null,
          threadKey: input.threadKey,
          customerId: identity.customerId,
          teamId,
          lastMessageAt: receivedAt,
          lastCustomerMessageAt: receivedAt,
          spam: identity.blocked,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      ticketCreated = true;
      await recordEvent(tx, customerActor, { ticketId: ticket!.id, kind: 'created', to: 'new', data: { channel: input.channel } }, now);
    } else if (automated) {
      // Kept in the thread, but nobody answered: status, SLA clocks, unread (last customer message) and the
      // resolution a survey asks about stay as they were. A closed ticket takes it rather than a new ticket.
      [ticket] = await tx.update(tickets).set({ lastMessageAt: receivedAt, updatedAt: now }).where(eq(tickets.id, ticket.id)).returning();
    } else {
      const from = ticket.status;
      const next = from === 'resolved' || from === 'pending' ? 'open' : from;
      reopened = from === 'resolved';
      [ticket] = await tx
        .update(tickets)
        .set({
          status: next,
          lastMessageAt: receivedAt,
          lastCustomerMessageAt: receivedAt,
          ...(reopened ? { resolvedAt: null } : {}),
          ...(identity.blocked ? { spam: true } : {}),
          // The customer answered: a snoozed ticket is back now, not at its snooze time.
          snoozedUntil: null,
          updatedAt: now,
        })
        .where(eq(tickets.id, ticket.id))
        .returning();
      if (next !== from) {
        await recordEvent(
          tx,
          customerActor,
          { ticketId: ticket!.id, kind: reopened ? 'reopened' : 'status_changed', from, to: next, data: { reason: 'customer_reply' } },
          now,
        );
      }
      // The customer waits again: next-response (and a resumed resolution) clock, under the row lock just taken.
      if (!ticket!.spam) {
        const sla = await syncTicketSla(tx, ticket!, now);
        ticket = sla.ticket;
        slaChanged = sla.changed;
      }
    }
    const t = ticket!;

    const [message] = await tx
      .insert(messages)
      .values({
        ticketId: t.id,
        direction: 'in',
        channel: input.channel,
        customerId: identity.customerId,
        channelMessageId: input.externalMessageId,
        inReplyTo: input.inReplyTo ?? null,
        text: input.text,
        html: input.html ?? null,
        deliveryStatus: 'received',
        meta: {
          ...input.meta,
          ...(input.automated ? { automated: true } : {}),
          ...(input.references?.length ? { references: input.references } : {}),
        },
        receivedAt,
        createdAt: now,
      })
      .returning();
    const m = message!;
    const files = await insertAttachments(tx, m.id, stored);
    await opts.stored?.(tx, m, files);
    await recordEvent(
      tx,
      customerActor,
      { ticketId: t.id, kind: 'message_received', data: { messageId: m.id, channel: input.channel, ...(automated ? { automated } : {}) } },
      now,
    );
    // Routing (rules, SLA clocks, assignment) runs from the outbox: a crash after this commit never leaves it unrouted.
    if (ticketCreated && !t.spam) await enqueue(tx, 'ticket.route', { ticketId: t.id }, { dedupeKey: `route:${t.id}`, runAfter: now });

    // Spam is announced to nobody: no live list, routing, SLA or notification acts on it.
    if (!t.spam) {
      const view = presentTicket(t);
      const changes = ['message', ...(reopened ? ['status'] : []), ...(slaChanged ? ['sla'] : [])];
      emit(
        ticketCreated ? { name: 'ticket.created', data: { ticket: view } } : { name: 'ticket.updated', data: { ticket: view, changes } },
      );
      emit({ name: 'message.created', data: { ticket: view, message: presentMessage(m, files) } });
    }
    return {
      ticketId: t.id,
      ticketNumber: t.number,
      messageId: m.id,
      customerId: identity.customerId,
      duplicate: false,
      ticketCreated,
      reopened,
      spam: t.spam,
    };
  });
}

async function storeAttachments(dataDir: string, input: InboundMessage): Promise<StoredAttachment[]> {
  const out: StoredAttachment[] = [];
  for (const a of input.attachments ?? []) {
    const bytes = Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content, 'base64');
    const stored = await storeFile(dataDir, bytes);
    out.push({ ...stored, filename: cleanFilename(a.filename), contentType: a.contentType, contentId: a.contentId, inline: a.inline });
  }
  return out;
}

async function insertAttachments(tx: Tx, messageId: string, stored: StoredAttachment[]) {
  if (!stored.length) return [];
  return tx
    .insert(attachments)
    .values(
      stored.map((f) => ({
        messageId,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        storageKey: f.storageKey,
        sha256: f.sha256,
        contentId: f.contentId ?? null,
        inline: !!f.inline,
      })),
    )
    .returning();
}

/** Every key's transaction lock in one round trip, in the order given. */
async function lock(tx: Tx, keys: string[]): Promise<void> {
  const each = keys.map((k) => sql`pg_advisory_xact_lock(hashtextextended(${k}, 0))`);
  await tx.execute(sql`select ${sql.join(each, sql`, `)}`);
}

async function inboxTeam(tx: Tx, inboxId: string): Promise<string | null> {
  const [row] = await tx.select({ teamId: inboxes.teamId }).from(inboxes).where(eq(inboxes.id, inboxId));
  if (!row) throw invalid(`Unknown inbox ${inboxId}`, [{ path: ['inboxId'], message: 'no such inbox' }]);
  return row.teamId;
}

const firstLine = (text: string) => text.trim().split('\n')[0]?.trim() || '(no subject)';
