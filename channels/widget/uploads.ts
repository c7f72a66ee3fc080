import { and, eq, ne } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { attachments, messages, tickets, widgetUploads } from '../../server/db/schema/index.ts';
import { cleanFilename, filePath, storeFile } from '../../server/services/attachments/store.ts';
import { isUuid } from '../../server/services/is-uuid.ts';
import { ServiceError } from '../../server/errors.ts';
import type { WidgetInbox } from './inbox.ts';
import type { WidgetAttachment } from './protocol.ts';
import { presentWidgetAttachment } from './present.ts';
import { spend, widgetRates } from './rate-limits.ts';
import { limitsOf, typeAllowed } from './settings.ts';

export interface VisitorRef {
  inboxId: string;
  visitorId: string;
}

const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/** Also used on the declared Content-Length, so an oversized upload is refused before it is read. */
export function checkSize(inbox: WidgetInbox, size: number): void {
  const limits = limitsOf(inbox.settings);
  if (size > limits.maxAttachmentBytes) {
    throw new ServiceError(
      'PAYLOAD_TOO_LARGE',
      `file: ${fmtBytes(size)} is over this chat's limit of ${fmtBytes(limits.maxAttachmentBytes)}`,
    );
  }
}

function checkFile(inbox: WidgetInbox, size: number, contentType: string): void {
  const limits = limitsOf(inbox.settings);
  checkSize(inbox, size);
  if (!typeAllowed(contentType, limits.attachmentTypes)) {
    throw new ServiceError(
      'UNSUPPORTED_MEDIA_TYPE',
      `file: ${contentType || 'unknown type'} is not accepted here (accepted: ${limits.attachmentTypes.join(', ')})`,
    );
  }
}

/** A visitor's upload, stored like every attachment (content-addressed); sent later by id with message.send. */
export async function saveUpload(
  ctx: ServiceContext,
  inbox: WidgetInbox,
  v: VisitorRef,
  ip: string | null,
  file: { name: string; type: string; bytes: Buffer },
): Promise<WidgetAttachment> {
  checkFile(inbox, file.bytes.length, file.type);
  if (!file.bytes.length) throw new ServiceError('VALIDATION', 'file: is empty');
  await spend(ctx, 'uploads', [
    [`up:v:${v.visitorId}`, widgetRates.uploadsPerVisitor],
    ...(ip ? ([[`up:ip:${ip}`, widgetRates.uploadsPerIp]] as Array<[string, number]>) : []),
  ]);
  const stored = await storeFile(ctx.config.DATA_DIR, file.bytes);
  const [row] = await ctx.db
    .insert(widgetUploads)
    .values({
      inboxId: v.inboxId,
      visitorId: v.visitorId,
      filename: cleanFilename(file.name),
      contentType: file.type.toLowerCase().split(';')[0]!.trim(),
      ...stored,
    })
    .returning();
  return presentWidgetAttachment(row!);
}

/**
 * A file this visitor may read: an attachment of a message in their own conversation, or their own upload.
 * Every other id (another visitor's, an agent's internal note's, a guess) is "not found".
 */
export async function openForVisitor(ctx: ServiceContext, v: VisitorRef, id: string) {
  if (!isUuid(id)) throw new ServiceError('NOT_FOUND', 'Attachment not found');
  const [inConversation] = await ctx.db
    .select({ filename: attachments.filename, contentType: attachments.contentType, storageKey: attachments.storageKey })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .innerJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(
      and(
        eq(attachments.id, id),
        ne(messages.direction, 'note'),
        eq(tickets.channel, 'widget'),
        eq(tickets.threadKey, v.visitorId),
        eq(tickets.inboxId, v.inboxId),
      ),
    );
  const [upload] = inConversation
    ? []
    : await ctx.db
        .select({ filename: widgetUploads.filename, contentType: widgetUploads.contentType, storageKey: widgetUploads.storageKey })
        .from(widgetUploads)
        .where(and(eq(widgetUploads.id, id), eq(widgetUploads.visitorId, v.visitorId), eq(widgetUploads.inboxId, v.inboxId)));
  const found = inConversation ?? upload;
  if (!found) throw new ServiceError('NOT_FOUND', 'Attachment not found');
  return { filename: found.filename, contentType: found.contentType, path: filePath(ctx.config.DATA_DIR, found.storageKey) };
}
