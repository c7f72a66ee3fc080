import { readFile } from 'node:fs/promises';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import type { Tx } from '../../server/db/client.ts';
import { inboxes, messages, widgetUploads, widgetVisitors } from '../../server/db/schema/index.ts';
import { filePath } from '../../server/services/attachments/store.ts';
import type { CustomerFieldValues } from '../../server/services/custom-fields/customer-visible.ts';
import { ingest } from '../../server/services/tickets/ingest.ts';
import { customerOf, missingPreChat } from './customer-view.ts';
import { ServiceError } from '../../server/errors.ts';
import { chatSwitchedOff } from './refusals.ts';
import { presentMessageById, presentRows } from './history.ts';
import { applyPendingFields, pendingFields } from './prechat-fields.ts';
import { presentWidgetMessage } from './present.ts';
import type { WidgetMessage } from './protocol.ts';
import { spend, widgetRates } from './rate-limits.ts';
import { limitsOf, widgetSettingsOf } from './settings.ts';
import type { VisitorClient } from './visitor-client.ts';
import { ensureCustomerLocked, visitorLockKey, type Visitor } from './visitors.ts';

export const sendMessageInput = z.object({
  clientId: z.string().min(1, 'is required').max(100),
  text: z.string().max(1_000_000).default(''),
  attachmentIds: z.array(z.string()).max(10).default([]),
});

export interface Connection {
  visitor: Visitor;
  ip: string | null;
  locale?: string;
  /** Browser, page and time zone from the handshake: kept on the visitor's identity with each message. */
  client?: VisitorClient;
}

/** Same visitor + same client id = the same message, on every node and after every restart. */
export const externalIdOf = (visitorId: string, clientId: string) => `widget:${visitorId}:${clientId}`;

/**
 * A customer message from the widget: one transaction from the duplicate check to the stored message. Idempotent by
 * client id: a resend (after a reconnect, from a retry) answers with the stored original, spends no rate budget
 * and ingests nothing. Everything else is checked on the server, inside that transaction.
 */
export async function sendCustomerMessage(
  ctx: ServiceContext,
  conn: Connection,
  raw: unknown,
): Promise<{ message: WidgetMessage; created: boolean }> {
  const input = sendMessageInput.parse(raw);
  const { visitor } = conn;
  const externalMessageId = externalIdOf(visitor.visitorId, input.clientId);
  const text = input.text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
  if (!text && !input.attachmentIds.length) throw new ServiceError('VALIDATION', 'text: a message needs text or an attachment');

  let uploads: Upload[] = [];
  if (input.attachmentIds.length) {
    // A resend's uploads are already taken: answer it with the original before checking them.
    const earlier = await findStored(ctx, externalMessageId);
    if (earlier) return { message: earlier, created: false };
    uploads = await ownUnusedUploads(ctx, visitor, input.attachmentIds);
  }

  let stored: WidgetMessage | null = null;
  let kept: CustomerFieldValues | null = null;
  const result = await ingest(
    ctx,
    {
      channel: 'widget',
      inboxId: visitor.inboxId,
      threadKey: visitor.visitorId,
      externalMessageId,
      sender: {
        externalId: visitor.visitorId,
        ...(conn.locale ? { locale: conn.locale.slice(0, 35) } : {}),
        ...(conn.client && Object.keys(conn.client).length ? { meta: { ...conn.client } } : {}),
      },
      text,
      attachments: await Promise.all(
        uploads.map(async (u) => ({
          filename: u.filename,
          contentType: u.contentType,
          content: await readFile(filePath(ctx.config.DATA_DIR, u.storageKey)),
        })),
      ),
      meta: { clientId: input.clientId },
    },
    {
      locks: [visitorLockKey(visitor.visitorId)],
      admit: async (tx) => {
        const admitted = await admit(ctx, tx, conn, text);
        kept = admitted.kept;
        return admitted.sender;
      },
      stored: async (tx, message, files) => {
        if (uploads.length) await takeUploads(tx, uploads, message.id, ctx.now());
        if (kept) await applyPendingFields(tx, visitor.visitorId, message, kept, ctx.now());
        stored = presentWidgetMessage(message, files, null);
      },
    },
  );
  if (stored) return { message: stored, created: true };
  const message = await presentMessageById(ctx.db, result.messageId);
  return { message: message!, created: false };
}

/**
 * Inside the ingest transaction, holding the visitor's lock: the inbox is live, the text fits its limit, the
 * pre-chat form is answered, the rate budgets allow it, and the visitor has a customer. Returns the sender's
 * name and whether a host site vouched for them, and the pre-chat field answers waiting for a ticket.
 */
async function admit(ctx: ServiceContext, tx: Tx, conn: Connection, text: string) {
  const { visitor } = conn;
  const [found] = await tx
    .select({ inbox: { enabled: inboxes.enabled, settings: inboxes.settings }, row: widgetVisitors })
    .from(inboxes)
    .leftJoin(widgetVisitors, and(eq(widgetVisitors.id, visitor.visitorId), eq(widgetVisitors.inboxId, inboxes.id)))
    .where(and(eq(inboxes.id, visitor.inboxId), eq(inboxes.channel, 'widget')));
  if (!found) throw new ServiceError('NOT_FOUND', `No chat widget inbox ${visitor.inboxId}`);
  if (!found.inbox.enabled) throw chatSwitchedOff();
  const inbox = { settings: widgetSettingsOf(found.inbox.settings) };
  const { maxTextLength } = limitsOf(inbox.settings);
  if (text.length > maxTextLength) {
    throw new ServiceError('VALIDATION', `text: a message may be at most ${maxTextLength} characters (this one has ${text.length})`);
  }
  const missing = missingPreChat(inbox, customerOf(found.row, visitor));
  if (missing) throw new ServiceError('VALIDATION', `${missing}: required by the pre-chat form; submit it (prechat.submit) before writing`);
  await spend(
    ctx,
    'messages',
    [
      [`msg:v:${visitor.visitorId}`, widgetRates.messagesPerVisitor],
      ...(conn.ip ? ([[`msg:ip:${conn.ip}`, widgetRates.messagesPerIp]] as Array<[string, number]>) : []),
    ],
    tx,
  );
  const row = await ensureCustomerLocked(tx, visitor, found.row);
  return {
    sender: { ...(row.name ? { displayName: row.name.slice(0, 200) } : {}), ...(row.verifiedUserId ? { verified: true } : {}) },
    kept: pendingFields(row),
  };
}

/** Marks the uploads as this message's; one taken meanwhile (another send won the race) refuses the message. */
async function takeUploads(tx: Tx, uploads: Upload[], messageId: string, now: Date): Promise<void> {
  const taken = await tx
    .update(widgetUploads)
    .set({ usedAt: now, messageId })
    .where(
      and(
        inArray(
          widgetUploads.id,
          uploads.map((u) => u.id),
        ),
        isNull(widgetUploads.usedAt),
      ),
    )
    .returning({ id: widgetUploads.id });
  const lost = uploads.find((u) => !taken.some((t) => t.id === u.id));
  if (lost)
    throw new ServiceError('NOT_FOUND', `attachmentIds: upload ${lost.id} not found (upload it first; each upload can be sent once)`);
}

async function findStored(ctx: ServiceContext, externalMessageId: string): Promise<WidgetMessage | null> {
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.channel, 'widget'), eq(messages.channelMessageId, externalMessageId)));
  return (await presentRows(ctx.db, rows))[0] ?? null;
}

type Upload = typeof widgetUploads.$inferSelect;

/** Only this visitor's own uploads that no message has taken yet; any other id is simply "not found". */
async function ownUnusedUploads(ctx: ServiceContext, visitor: Visitor, ids: string[]): Promise<Upload[]> {
  if (!ids.length) return [];
  const unique = [...new Set(ids)];
  const valid = unique.filter((id) => z.uuid().safeParse(id).success);
  const rows = valid.length
    ? await ctx.db
        .select()
        .from(widgetUploads)
        .where(
          and(
            inArray(widgetUploads.id, valid),
            eq(widgetUploads.visitorId, visitor.visitorId),
            eq(widgetUploads.inboxId, visitor.inboxId),
            isNull(widgetUploads.usedAt),
          ),
        )
    : [];
  const missing = unique.find((id) => !rows.some((r) => r.id === id));
  if (missing)
    throw new ServiceError(
      'NOT_FOUND',
      `attachmentIds: upload ${missing.slice(0, 60)} not found (upload it first; each upload can be sent once)`,
    );
  return unique.map((id) => rows.find((r) => r.id === id)!);
}
