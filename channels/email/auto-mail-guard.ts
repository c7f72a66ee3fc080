import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import type { DbOrTx } from '../../server/db/client.ts';
import { emailAutoSends, emailSuppressions } from '../../server/db/schema/index.ts';
import type { EmailSettings } from './settings.ts';

/** Why an automatic mail must not go out now, in words an agent reads on the message; null when it may. */
export async function autoMailBlocked(
  ctx: ServiceContext,
  db: DbOrTx,
  settings: EmailSettings,
  recipient: string,
  ticketId: string,
): Promise<string | null> {
  const now = ctx.now();
  const address = recipient.toLowerCase();
  const [suppressed] = await db
    .select()
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.address, address), gt(emailSuppressions.until, now)));
  if (suppressed) {
    return `Automatic mail to ${address} is paused until ${suppressed.until.toISOString()} after a permanent bounce: ${suppressed.reason}`;
  }
  const since = new Date(now.getTime() - settings.autoMailWindowMinutes * 60_000);
  const [perTicket] = await db
    .select({ n: count() })
    .from(emailAutoSends)
    .where(and(eq(emailAutoSends.ticketId, ticketId), gt(emailAutoSends.sentAt, since)));
  if ((perTicket?.n ?? 0) >= settings.autoMailPerTicket) {
    return `Not sent: this ticket already got ${settings.autoMailPerTicket} automatic mails in ${settings.autoMailWindowMinutes} minutes`;
  }
  const [perRecipient] = await db
    .select({ n: count() })
    .from(emailAutoSends)
    .where(and(eq(emailAutoSends.recipient, address), gt(emailAutoSends.sentAt, since)));
  if ((perRecipient?.n ?? 0) >= settings.autoMailPerRecipient) {
    return `Not sent: ${address} already got ${settings.autoMailPerRecipient} automatic mails in ${settings.autoMailWindowMinutes} minutes`;
  }
  return null;
}

export async function recordAutoSend(ctx: ServiceContext, recipient: string, ticketId: string, messageId: string): Promise<void> {
  await ctx.db.insert(emailAutoSends).values({ recipient: recipient.toLowerCase(), ticketId, messageId, sentAt: ctx.now() });
}

/** After a permanent bounce: automatic mail to the address stops for `hours`; a later bounce extends it. */
export async function suppressAddress(ctx: ServiceContext, address: string, reason: string, hours: number): Promise<void> {
  const now = ctx.now();
  const until = new Date(now.getTime() + hours * 3_600_000);
  await ctx.db
    .insert(emailSuppressions)
    .values({ address: address.toLowerCase(), reason: reason.slice(0, 1000), until, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: emailSuppressions.address,
      set: { reason: sql`excluded.reason`, until: sql`greatest(${emailSuppressions.until}, excluded.until)`, updatedAt: now },
    });
}
