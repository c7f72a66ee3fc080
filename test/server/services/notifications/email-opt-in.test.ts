import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailChannel, type EmailChannel } from '../../../../channels/email/channel.ts';
import type { ChannelRegistry } from '../../../../channels/types.ts';
import { notifications, outbox, users } from '../../../../server/db/schema/index.ts';
import { setEmailPreferences } from '../../../../server/services/notifications/email-preferences.ts';
import { addNote } from '../../../../server/services/tickets/add-note.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { outboxHandlers } from '../../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker, type OutboxWorker } from '../../../../server/workers/outbox-worker.ts';
import { contextWorld } from '../../../support/context-world.ts';
import type { Dovecot } from '../../../support/dovecot.ts';
import { buildEmailInbox } from '../../../support/email.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';
import { smtpSinkStandIn } from '../../../support/mail-world.ts';

// Outbound only: the notifications leave through the mailbox's SMTP server, a real SMTP sink here.
const noImap = { host: '127.0.0.1', port: 9, user: 'support', password: 'unused' } as Dovecot;
const { t } = contextWorld({ OUTBOX_POLL_MS: '60000', PUBLIC_URL: 'https://desk.example.test' });
const sink = smtpSinkStandIn();
let channel: EmailChannel;
let worker: OutboxWorker;
beforeAll(() => {
  channel = createEmailChannel(t.ctx, { inbound: false });
  const registry: ChannelRegistry = { email: channel.adapter, widget: null, telegram: null, api: null };
  worker = createOutboxWorker(t.ctx, {
    handlers: outboxHandlers(t.ctx, { channels: registry, alertMailer: channel.alertMailer }),
    topics: ['notification.email', 'notification.deliver'],
  });
});
afterAll(() => channel?.stop());

async function setup() {
  await buildEmailInbox(t.ctx, noImap, { smtpPort: sink.port });
  const lina = await buildActor(t.ctx, ['agent']);
  const wang = await buildActor(t.ctx, ['agent']);
  const { ticketId } = await buildTicket(t.ctx, { subject: 'Invoice twice' });
  sink.received.length = 0;
  return { lina, wang, ticketId };
}

describe('email notifications', () => {
  it('emails a mention only to a user who chose email for mentions, once, in their language, with the ticket link', async () => {
    const { lina, wang, ticketId } = await setup();
    await setEmailPreferences(t.ctx, wang, { mention: true });
    await t.ctx.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, wang.id));
    await addNote(t.ctx, lina, ticketId, { text: `@${wang.name} 请看一下` });
    // Wang answers with a mention of Lina, who did not choose email: she gets no mail.
    await addNote(t.ctx, wang, ticketId, { text: `@${lina.name} thanks` });
    await worker.drainOnce();
    await worker.drainOnce();

    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail!.to).toEqual([await emailOf(wang.id)]);
    expect(mail!.parsed.subject).toMatch(new RegExp(`^${lina.name} 在 #\\d+ 中提到了你$`));
    expect(mail!.parsed.text).toContain('Invoice twice');
    expect(mail!.parsed.text).toContain(`https://desk.example.test/inbox/${ticketId}`);
    const [n] = await t.ctx.db.select().from(notifications).where(eq(notifications.userId, wang.id));
    expect(n!.emailedAt).not.toBeNull();
  });

  it('sends nothing for kinds left off, and a job run again after sending sends no second mail', async () => {
    const { lina, wang, ticketId } = await setup();
    await setEmailPreferences(t.ctx, wang, { mention: false, assignment: true });
    await addNote(t.ctx, lina, ticketId, { text: `@${wang.name} have a look` });
    await assign(t.ctx, lina, ticketId, { assigneeId: wang.id });
    await worker.drainOnce();
    expect(sink.received.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(new RegExp(`^${lina.name} assigned #\\d+ to you$`))]);

    // The job is handed out again (as after a crash before it was marked done): emailed_at stops a second copy.
    await t.ctx.db.update(outbox).set({ status: 'pending', runAfter: t.ctx.now() }).where(eq(outbox.topic, 'notification.email'));
    await worker.drainOnce();
    expect(sink.received).toHaveLength(1);
  });
});

const emailOf = async (id: string) => (await t.ctx.db.select({ email: users.email }).from(users).where(eq(users.id, id)))[0]!.email;
