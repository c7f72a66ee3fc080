import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../server/db/schema/index.ts';
import { leaseHolder } from '../../../server/services/leases/claim-lease.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { startDovecot, type Dovecot } from '../../support/dovecot.ts';
import { buildEmailInbox, customerMail } from '../../support/email.ts';
import { until } from '../../support/sockets.ts';

const MAILS = 200;
const pidOf = (holder: string | null) => (holder ? Number(holder.split(':')[1]) : null);

describe('kill -9 of the node reading a mailbox in the middle of a batch', () => {
  let t: TestContext;
  let dovecot: Dovecot;
  let inboxId: string;
  /** A: the node holding the mailbox lease, killed; B: the survivor that takes the mailbox over. */
  let a: AppNode | undefined;
  let b: AppNode | undefined;

  const stored = () => t.ctx.db.$count(messages, and(eq(messages.channel, 'email'), eq(messages.direction, 'in')));
  const distinct = async () =>
    (await t.ctx.db.select({ n: sql<number>`count(distinct ${messages.channelMessageId})::int` }).from(messages))[0]!.n;
  const unread = async () => {
    const c = await dovecot.client();
    try {
      await c.mailboxOpen('INBOX');
      return ((await c.search({ seen: false }, { uid: true })) || []).sort((x, y) => x - y);
    } finally {
      await c.logout();
    }
  };

  beforeAll(async () => {
    t = await createTestContext();
    dovecot = await startDovecot();
    for (let i = 0; i < MAILS; i++) await dovecot.append(customerMail(i, { messageId: `<batch-${i}@customer.example>` }));
    inboxId = (await buildEmailInbox(t.ctx, dovecot)).id;
    const env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      LEASE_TTL_SECONDS: '2',
    };
    const [one, two] = await Promise.all([startAppNode('mail-one', env), startAppNode('mail-two', env)]);
    const holder = await until(
      async () => pidOf(await leaseHolder(t.ctx.db, `email:${inboxId}`)),
      'a node to take the mailbox lease',
      15_000,
    );
    [a, b] = holder === one.pid ? [one, two] : [two, one];
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.stop()]);
    await dovecot?.stop();
    await t?.close();
  });

  it('marks every stored mail read on the server once the survivor has taken over, storing none twice', async () => {
    await until(async () => (await stored()) >= 40, '40 mails stored', 60_000);
    await a!.kill();
    const atKill = await stored();
    const unreadAtKill = (await unread()).length;
    // The batch was really cut: mail was left to read, and (almost always) stored mail not yet marked read.
    expect(atKill).toBeLessThan(MAILS);
    console.info(
      `[faults] mailbox kill -9: ${atKill} of ${MAILS} mails stored at the kill, ${unreadAtKill - (MAILS - atKill)} of them not yet marked read`,
    );

    await until(async () => (await stored()) === MAILS, `all ${MAILS} mails stored by the survivor`, 120_000);
    await until(async () => (await unread()).length === 0, 'every stored mail marked read on the IMAP server', 15_000).catch(
      async (err: Error) => {
        throw new Error(`${err.message}; still unread: UIDs ${(await unread()).join(',')}`);
      },
    );
    expect(await stored()).toBe(MAILS);
    expect(await distinct()).toBe(MAILS);
    expect(b!.alive()).toBe(true);
  });
});
