import { readFile } from 'node:fs/promises';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { messages, widgetUploads } from '../../server/db/schema/index.ts';
import { filePath } from '../../server/services/attachments/store.ts';
import { ingest } from '../../server/services/tickets/ingest.ts';
import { WidgetFailure } from './errors.ts';
import { presentMessageById, presentRows } from './history.ts';
import { customerOf, missingPreChat } from './customer-view.ts';
import { requireLiveInbox } from './inbox.ts';
import type { WidgetMessage } from './protocol.ts';
import { spend, widgetRates } from './rate-limits.ts';
import { limitsOf } from './settings.ts';
import { ensureCustomer, loadVisitor, type Visitor } from './visitors.ts';

export const sendMessageInput = z.object({
  clientId: z.string().min(1, 'is required').max(100),
  text: z.string().max(1_000_000).default(''),
  attachmentIds: z.array(z.string()).max(10).default([]),
});

export interface Connection {
  visitor: Visitor;
  ip: string | null;
  locale?: string;
}

/** Same visitor + same client id = the same message, on every node and after every restart. */
export const externalIdOf = (visitorId: string, clientId: string) => `widget:${visitorId}:${clientId}`;

/**
 * A customer message from the widget. Idempotent by client id: a resend (after a reconnect, from a retry)
 * answers with the stored original and ingests nothing. Everything else is checked on the server.
 */
export async function sendCustomerMessage(ctx: ServiceContext, conn: Connection, raw: unknown): Promise<{ message: WidgetMessage; created: boolean }> {
  const input = sendMessageInput.parse(raw);
  const { visitor } = conn;
  const externalMessageId = externalIdOf(visitor.visitorId, input.clientId);
  const earlier = await findStored(ctx, externalMessageId);
  if (earlier) return { message: earlier, created: false };

  const inbox = await requireLiveInbox(ctx, visitor.inboxId);
  const limits = limitsOf(inbox.settings);
  const text = input.text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (text.length > limits.maxTextLength) {
    throw new WidgetFailure('VALIDATION', `text: a message may be at most ${limits.maxTextLength} characters (this one has ${text.length})`);
  }
  if (!text && !input.attachmentIds.length) throw new WidgetFailure('VALIDATION', 'text: a message needs text or an attachment');
  const missing = missingPreChat(inbox, customerOf(await loadVisitor(ctx.db, inbox.id, visitor.visitorId), visitor));
  if (missing) throw new WidgetFailure('VALIDATION', `${missing}: required by the pre-chat form; submit it (prechat.submit) before writing`);
  await spend(ctx, 'messages', [
    [`msg:v:${visitor.visitorId}`, widgetRates.messagesPerVisitor],
    ...(conn.ip ? ([[`msg:ip:${conn.ip}`, widgetRates.messagesPerIp]] as Array<[string, number]>) : []),
  ]);
  const uploads = await ownUnusedUploads(ctx, visitor, input.attachmentIds);

  const row = await ensureCustomer(ctx, visitor);
  const result = await ingest(ctx, {
    channel: 'widget',
    inboxId: inbox.id,
    threadKey: visitor.visitorId,
    externalMessageId,
    sender: {
      externalId: visitor.visitorId,
      ...(row.name ? { displayName: row.name.slice(0, 200) } : {}),
      ...(conn.locale ? { locale: conn.locale.slice(0, 35) } : {}),
      ...(row.verifiedUserId ? { verified: true } : {}),
    },
    text,
    attachments: await Promise.all(
      uploads.map(async (u) => ({ filename: u.filename, contentType: u.contentType, content: await readFile(filePath(ctx.config.DATA_DIR, u.storageKey)) })),
    ),
    meta: { clientId: input.clientId },
  });
  if (uploads.length) {
    await ctx.db
      .update(widgetUploads)
      .set({ usedAt: ctx.now(), messageId: result.messageId })
      .where(and(inArray(widgetUploads.id, uploads.map((u) => u.id)), isNull(widgetUploads.usedAt)));
  }
  const message = await presentMessageById(ctx.db, result.messageId);
  return { message: message!, created: !result.duplicate };
}

async function findStored(ctx: ServiceContext, externalMessageId: string): Promise<WidgetMessage | null> {
  const rows = await ctx.db.select().from(messages).where(and(eq(messages.channel, 'widget'), eq(messages.channelMessageId, externalMessageId)));
  return (await presentRows(ctx.db, rows))[0] ?? null;
}

/** Only this visitor's own uploads that no message has taken yet; any other id is simply "not found". */
async function ownUnusedUploads(ctx: ServiceContext, visitor: Visitor, ids: string[]) {
  if (!ids.length) return [];
  const unique = [...new Set(ids)];
  const valid = unique.filter((id) => z.uuid().safeParse(id).success);
  const rows = valid.length
    ? await ctx.db
        .select()
        .from(widgetUploads)
        .where(and(inArray(widgetUploads.id, valid), eq(widgetUploads.visitorId, visitor.visitorId), eq(widgetUploads.inboxId, visitor.inboxId), isNull(widgetUploads.usedAt)))
    : [];
  const missing = unique.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw new WidgetFailure('NOT_FOUND', `attachmentIds: upload ${missing.slice(0, 60)} not found (upload it first; each upload can be sent once)`);
  return unique.map((id) => rows.find((r) => r.id === id)!);
}
