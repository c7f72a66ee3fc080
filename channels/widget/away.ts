import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db/client.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { createTranslator } from '../../server/locale/index.ts';
import type { WidgetInbox } from './inbox.ts';
import type { WidgetAway } from './protocol.ts';
import { widgetLocale } from './settings.ts';

const texts = {
  en: {
    email: 'Nobody is online right now — leave your email and we will reply by email too.',
    here: 'Leave us a message: we will answer here as soon as we are back.',
  },
  'zh-CN': {
    email: '目前没有客服在线——留下您的邮箱，我们也会通过邮件回复您。',
    here: '请给我们留言：客服回来后会在这里回复您。',
  },
};

/**
 * The mailbox that emails replies to a visitor who left: the widget inbox's own (`emailInboxId`) when enabled, else
 * the first enabled one.
 */
export async function replyMailbox(db: DbOrTx, emailInboxId: string | null | undefined): Promise<string | null> {
  const rows = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.channel, 'email'), eq(inboxes.enabled, true)))
    .orderBy(asc(inboxes.createdAt));
  return (rows.find((r) => r.id === emailInboxId) ?? rows[0])?.id ?? null;
}

/**
 * What the widget says while nobody is online. Only when a mailbox can send the replies does it ask for an email
 * address; otherwise it promises what is true: the answer comes here, in the chat.
 */
export async function awayNote(db: DbOrTx, inbox: Pick<WidgetInbox, 'settings'>, visitorLocale?: string): Promise<WidgetAway> {
  const askEmail = (await replyMailbox(db, inbox.settings.emailInboxId)) !== null;
  const text = createTranslator(texts, widgetLocale(inbox.settings, visitorLocale))(askEmail ? 'email' : 'here');
  return { text, askEmail };
}
