import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inboxes, messages, tickets } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { fixture, OUR_ADDRESS, waitFor } from '../../support/email.ts';
import { buildActor } from '../../support/factories.ts';
import { dovecotStandIn, smtpSinkStandIn } from '../../support/mail-world.ts';
import { serverWorld } from '../../support/server-world.ts';

const dovecot = dovecotStandIn();
const sink = smtpSinkStandIn();
const { server } = serverWorld(() => ({
  EMAIL_ADDRESS: OUR_ADDRESS,
  EMAIL_IMAP_URL: `imap://${dovecot.user}:${dovecot.password}@${dovecot.host}:${dovecot.port}`,
  EMAIL_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
}));

describe('the email channel as npm start runs it', () => {
  it('bootstraps the mailbox from the environment, turns new mail into a ticket and sends the reply over SMTP', async () => {
    const ctx = server.ctx;
    const [inbox] = await ctx.db.select().from(inboxes);
    expect(inbox).toMatchObject({ channel: 'email', enabled: true, settings: expect.objectContaining({ address: OUR_ADDRESS }) });

    await dovecot.append(fixture('plain.eml'));
    const ticket = await waitFor(async () => (await ctx.db.select().from(tickets))[0], 'a ticket from the new mail (IDLE)');
    expect(ticket).toMatchObject({ subject: 'Printer does not print', channel: 'email', inboxId: inbox!.id });

    const { message } = await reply(ctx, await buildActor(ctx, ['agent']), ticket.id, { text: 'On it.' });
    await waitFor(() => sink.received.length === 1, 'the reply at the SMTP server');
    expect(sink.received[0]!.parsed.subject).toBe(`Re: Printer does not print [#${ticket.number}]`);
    const sent = await waitFor(async () => {
      const [m] = await ctx.db.select().from(messages).where(eq(messages.id, message.id));
      return m?.deliveryStatus === 'sent' ? m : null;
    }, 'the reply marked sent');
    expect(sent.channelMessageId).toBe(sink.received[0]!.parsed.messageId);
  });
});
