import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cursorKey, readCursor } from '../../../channels/email/cursor.ts';
import { queueEmailSurvey } from '../../../channels/email/csat-survey.ts';
import { ImapPoller } from '../../../channels/email/imap-poller.ts';
import type { EmailInbox } from '../../../channels/email/inbox.ts';
import { ourMessageId } from '../../../channels/email/threading.ts';
import { messages, outbox, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { inspectSurvey } from '../../../server/services/csat/answer-survey.ts';
import { surveyTokens } from '../../../server/services/csat/survey-token.ts';
import { close } from '../../../server/services/tickets/close.ts';
import { hold } from '../../../server/services/tickets/hold.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../support/context-world.ts';
import { buildEmailInbox, fixture, OUR_ADDRESS, waitFor } from '../../support/email.ts';
import { buildActor } from '../../support/factories.ts';
import { dovecotStandIn } from '../../support/mail-world.ts';

const { t } = contextWorld({ PUBLIC_URL: 'https://support.acme.test' });
const dovecot = dovecotStandIn();
let boxes = 0;

/** Appends real mail to the inbox's mailbox and runs a real poller over it until every UID is committed. */
async function deliver(inbox: EmailInbox, raws: Buffer[]) {
  let lastUid = 0;
  for (const raw of raws) lastUid = await dovecot.append(raw, inbox.settings.mailbox);
  const poller = new ImapPoller(t.ctx, inbox);
  poller.start();
  try {
    const committed = async () => ((await readCursor(t.ctx, cursorKey(inbox.id, inbox.settings.mailbox)))?.lastUid ?? 0) >= lastUid;
    await waitFor(committed, `UID ${lastUid} committed`);
  } finally {
    await poller.stop();
  }
}

/** A customer's mail through Dovecot, and the agent's answer to it (queued, with the Message-ID it goes out with). */
async function answeredTicket() {
  const inbox = await buildEmailInbox(t.ctx, dovecot, { mailbox: `Auto${++boxes}` });
  await deliver(inbox, [fixture('plain.eml')]);
  const [ticket] = await t.ctx.db.select().from(tickets).where(eq(tickets.subject, 'Printer does not print'));
  const agent = await buildActor(t.ctx, ['agent', 'supervisor']);
  const answer = await reply(t.ctx, agent, ticket!.id, { text: 'Please try switching it off and on again.' });
  return { inbox, agent, ticket: ticket!, replyId: answer.message.id, replyMessageId: ourMessageId(answer.message.id, OUR_ADDRESS) };
}

const outOfOffice = (inReplyTo: string, subject: string) =>
  fixture('outlook-automatic-reply.eml', { IN_REPLY_TO: inReplyTo, SUBJECT: subject });
const ticketRow = async (id: string) => (await t.ctx.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
const inbound = (ticketId: string) =>
  t.ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'in')))
    .orderBy(asc(messages.createdAt));
const historySince = async (ticketId: string, kind: string) => {
  const rows = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));
  return rows.slice(rows.findLastIndex((e) => e.kind === kind) + 1).map((e) => e.kind);
};

describe('automatic mail over real IMAP leaves the ticket as it was', () => {
  it('an out-of-office reply to a pending ticket is kept on it, marked automatic, and the ticket stays pending', async () => {
    const { inbox, agent, ticket, replyMessageId } = await answeredTicket();
    await hold(t.ctx, agent, ticket.id, { reason: 'waiting for the serial number' });
    const before = await ticketRow(ticket.id);

    await deliver(inbox, [outOfOffice(replyMessageId, `Re: Printer does not print [#${ticket.number}]`)]);

    const [, ooo] = await inbound(ticket.id);
    expect(ooo).toMatchObject({ meta: { automated: true, email: { noise: 'auto-reply' } } });
    expect(ooo!.text).toContain('out of the office until 10 March');
    const after = await ticketRow(ticket.id);
    expect(after.status).toBe('pending');
    expect(after.lastCustomerMessageAt).toEqual(before.lastCustomerMessageAt);
    expect(await historySince(ticket.id, 'status_changed')).toEqual(['message_received']);
    expect(await t.ctx.db.$count(tickets)).toBe(1);
  });

  it('an out-of-office answer to the survey and a bounce of the reply leave a resolved ticket resolved, its survey open', async () => {
    const { inbox, agent, ticket, replyId, replyMessageId } = await answeredTicket();
    const resolved = await resolve(t.ctx, agent, ticket.id);
    const resolvedAt = new Date(resolved.resolvedAt!);
    await queueEmailSurvey(t.ctx, { ...ticket, inboxId: inbox.id }, resolvedAt);
    const [survey] = await t.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, ticket.id), sql`${messages.meta} ->> 'automaticKind' = 'csat-survey'`));

    await deliver(inbox, [
      outOfOffice(ourMessageId(survey!.id, OUR_ADDRESS), `How did we do? [#${ticket.number}]`),
      fixture('gmail-bounce-dsn.eml', { ORIGINAL_MESSAGE_ID: replyMessageId }),
    ]);

    const arrived = await inbound(ticket.id);
    expect(arrived.map((m) => [m.meta.automated ?? false, (m.meta.email as { noise: string | null }).noise])).toEqual([
      [false, null],
      [true, 'auto-reply'],
      [true, 'bounce'],
    ]);
    const after = await ticketRow(ticket.id);
    expect(after).toMatchObject({ status: 'resolved', resolvedAt });
    expect(await historySince(ticket.id, 'status_changed')).toEqual(['message_received', 'message_received', 'delivery_failed']);
    // The survey already sent still counts, and nobody is asked again.
    const token = surveyTokens(t.ctx.config).issue(ticket.id, resolvedAt);
    await expect(inspectSurvey(t.ctx, token)).resolves.toMatchObject({ ticket: { id: ticket.id }, answer: null });
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'csat.survey'))).toBe(1);
    // The bounce still does its own job: the reply it names is marked failed.
    const [bounced] = await t.ctx.db.select().from(messages).where(eq(messages.id, replyId));
    expect(bounced).toMatchObject({ deliveryStatus: 'failed' });
  });

  it('an out-of-office reply to a closed ticket is kept on it instead of opening a new ticket', async () => {
    const { inbox, agent, ticket, replyMessageId } = await answeredTicket();
    await close(t.ctx, agent, ticket.id);

    await deliver(inbox, [outOfOffice(replyMessageId, `Re: Printer does not print [#${ticket.number}]`)]);

    expect(await t.ctx.db.$count(tickets)).toBe(1);
    expect((await inbound(ticket.id)).map((m) => m.meta.automated ?? false)).toEqual([false, true]);
    expect((await ticketRow(ticket.id)).status).toBe('closed');
  });
});
