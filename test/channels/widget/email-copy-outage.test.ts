import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailSettingsSchema } from '../../../channels/email/settings.ts';
import { inboxes, messages, tickets } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { buildActor } from '../../support/factories.ts';
import { smtpSinkStandIn } from '../../support/mail-world.ts';
import { serverWorld } from '../../support/server-world.ts';
import { until } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit } from './harness.ts';

const sink = smtpSinkStandIn();
// Retries every fraction of a second, so an outage of a few tries takes a moment; 2 used to be all the tries there were.
const { server } = serverWorld(() => ({
  OUTBOX_POLL_MS: '50',
  OUTBOX_RETRY_BASE_SECONDS: '0.2',
  OUTBOX_RETRY_MAX_MINUTES: '0.01',
  OUTBOX_MAX_ATTEMPTS: '2',
}));

const messageRow = async (id: string) => (await server.ctx.db.select().from(messages).where(eq(messages.id, id)))[0]!;

describe("the widget reply's email copy", () => {
  it('is retried through an SMTP outage like any delivery and goes out once when the server is back', async () => {
    const settings = emailSettingsSchema.parse({
      address: 'support@acme.test',
      imap: { host: '127.0.0.1', port: 9, secure: false, user: 'x' },
      smtp: { host: '127.0.0.1', port: sink.port, secure: false },
    });
    const [mailbox] = await server.ctx.db
      .insert(inboxes)
      .values({ channel: 'email', name: 'Acme Support', settings, secrets: server.ctx.secrets.seal(JSON.stringify({ imapPassword: 'x' })) })
      .returning();
    const inbox = await buildWidgetInbox(server.ctx, { emailInboxId: mailbox!.id });
    const w = await connectWidget(server.url, { inboxId: inbox.id });
    await emit(w.socket, 'prechat.submit', { name: 'Wang Fang', email: 'wang.fang@example.com' });
    await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'Please call me back' });
    const ticket = await until(
      async () =>
        (
          await server.ctx.db
            .select()
            .from(tickets)
            .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, w.welcome.visitorId)))
        )[0],
      'the widget ticket',
    );
    w.socket.close();
    await until(async () => (await server.realtime.io.of('/widget').fetchSockets()).length === 0, 'the visitor gone');

    await sink.down();
    let away: Awaited<ReturnType<typeof reply>>;
    try {
      away = await reply(server.ctx, await buildActor(server.ctx, ['agent']), ticket.id, { text: 'We called you.' });
      const waiting = await until(async () => {
        const m = await messageRow(away.message.id);
        return m.deliveryAttempts >= 4 && m;
      }, 'four tries during the outage');
      expect(waiting).toMatchObject({ deliveryStatus: 'queued', deliveryError: expect.stringMatching(/ECONNREFUSED/) });
      expect(waiting.nextAttemptAt).toBeInstanceOf(Date);
    } finally {
      await sink.up();
    }
    await until(async () => (await messageRow(away.message.id)).deliveryStatus === 'sent', 'the reply sent once the server is back');
    expect(sink.received.map((m) => m.parsed.messageId)).toEqual([`<sb-${away.message.id}@acme.test>`]);
    expect(sink.received[0]!.to).toEqual(['wang.fang@example.com']);
    expect(await messageRow(away.message.id)).toMatchObject({ nextAttemptAt: null, deliveryError: null });
  });
});
