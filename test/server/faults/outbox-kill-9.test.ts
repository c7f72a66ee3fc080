import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, outbox } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { startDovecot, type Dovecot } from '../../support/dovecot.ts';
import { buildEmailInbox } from '../../support/email.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { until } from '../../support/sockets.ts';

const REPLIES = 6;
const LEASE_MS = 2_000;

describe('kill -9 of a node holding claimed outbox jobs', () => {
  let t: TestContext;
  let dovecot: Dovecot;
  let sink: SmtpSink;
  let env: Record<string, string>;
  /** A claims every reply and is killed while the SMTP server stalls it; B takes the replies over. */
  let a: AppNode | undefined;
  let b: AppNode | undefined;
  const replyIds: string[] = [];

  const deliveries = () =>
    t.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'message.deliver'), inArray(sql`${outbox.payload}->>'messageId'`, replyIds)));
  const copiesByMessageId = () => {
    const counts = new Map<string, number>();
    for (const m of sink.received) counts.set(m.parsed.messageId!, (counts.get(m.parsed.messageId!) ?? 0) + 1);
    return counts;
  };

  beforeAll(async () => {
    t = await createTestContext();
    [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
    const inbox = await buildEmailInbox(t.ctx, dovecot, { smtpPort: sink.port });
    const agent = await buildActor(t.ctx, ['agent']);
    for (let i = 0; i < REPLIES; i++) {
      const { ticketId } = await buildTicket(t.ctx, {
        channel: 'email',
        inboxId: inbox.id,
        threadKey: `<q${i}@customer.example>`,
        externalMessageId: `<q${i}@customer.example>`,
        sender: { externalId: `customer${i}@customer.example`, email: `customer${i}@customer.example` },
      });
      replyIds.push((await reply(t.ctx, agent, ticketId, { text: `Answer ${i}` })).message.id);
    }
    env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      LEASE_TTL_SECONDS: '2',
      OUTBOX_LEASE_SECONDS: String(LEASE_MS / 1000),
      OUTBOX_POLL_MS: '100',
    };
  }, 120_000);

  afterAll(async () => {
    sink?.release();
    await Promise.all([a?.kill(), b?.stop()]);
    await Promise.all([dovecot?.stop(), sink?.stop()]);
    await t?.close();
  });

  it('another node delivers them within seconds of the kill, each exactly once at the SMTP server (by Message-ID)', async () => {
    // The SMTP server stalls every session before any mail is sent: A's first send hangs, the rest wait behind it.
    sink.hold();
    a = await startAppNode('outbox-a', env);
    await until(
      async () => (await deliveries()).every((j) => j.status === 'processing') && sink.held() === 1,
      'node A to claim every reply, its first send stalled at the SMTP server',
      20_000,
    );

    // B runs beside A for more than two leases: A keeps renewing its claims while it is stuck, so B takes nothing.
    b = await startAppNode('outbox-b', env);
    const bUp = Date.now();
    await until(
      async () => (await deliveries()).every((j) => j.lockedUntil && j.lockedUntil.getTime() > bUp + 2 * LEASE_MS),
      "A's claims renewed past two leases after B started",
      20_000,
    );
    expect((await deliveries()).map((j) => [j.status, j.attempts])).toEqual(replyIds.map(() => ['processing', 1]));
    expect(sink.received).toHaveLength(0);

    await a.kill();
    const killedAt = Date.now();
    sink.release();
    await until(() => copiesByMessageId().size === REPLIES, 'every reply at the SMTP server', 20_000);
    const deliveredMs = Date.now() - killedAt;
    await until(async () => (await deliveries()).every((j) => j.status === 'done'), 'every delivery job done', 10_000);
    console.info(
      `[faults] outbox kill -9: ${REPLIES} replies claimed by the dead node were at the SMTP server ${deliveredMs} ms after the kill`,
    );

    expect(deliveredMs).toBeLessThan(5 * LEASE_MS);
    const counts = copiesByMessageId();
    expect([...counts.keys()].sort()).toEqual(replyIds.map((id) => `<sb-${id}@switchboard.test>`).sort());
    expect([...counts.values()]).toEqual(replyIds.map(() => 1));
    const rows = await t.ctx.db.select().from(messages).where(inArray(messages.id, replyIds));
    expect(rows.map((m) => m.deliveryStatus)).toEqual(replyIds.map(() => 'sent'));
  });
});
