import type { attachments, messages } from '../../server/db/schema/index.ts';
import type { WidgetAttachment, WidgetMessage } from './protocol.ts';

type MessageRow = typeof messages.$inferSelect;
type AttachmentRow = typeof attachments.$inferSelect;
export type AgentFace = { name: string; avatarUrl: string | null };

/** Relative to this server (the origin that served widget.js); fetched with the visitor token. */
export const widgetAttachmentUrl = (id: string) => `/api/widget/attachments/${id}`;

export function presentWidgetAttachment(a: Pick<AttachmentRow, 'id' | 'filename' | 'contentType' | 'size'>): WidgetAttachment {
  return { id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, url: widgetAttachmentUrl(a.id) };
}

/** The one shape a widget sees a message in. Plain text only: stored HTML (if any) never reaches the widget. */
export function presentWidgetMessage(m: MessageRow, files: AttachmentRow[], agent: AgentFace | null): WidgetMessage {
  const author = m.direction === 'in' ? 'customer' : m.authorUserId ? 'agent' : 'system';
  const clientId = m.direction === 'in' && typeof m.meta.clientId === 'string' ? m.meta.clientId : null;
  return {
    id: m.id,
    clientId,
    author,
    agent: author === 'agent' ? (agent ?? { name: '', avatarUrl: null }) : null,
    text: m.text,
    attachments: files.filter((f) => !f.inline || !f.contentId).map(presentWidgetAttachment),
    createdAt: m.createdAt.toISOString(),
  };
}
