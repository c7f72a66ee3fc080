import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, leases, messages, tickets, users } from '../../../server/db/schema/index.ts';
import { leaseHolder } from '../../../server/services/leases/claim-lease.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { startDovecot, type Dovecot } from '../../support/dovecot.ts';
import { buildEmailInbox, customerMail } from '../../support/email.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, send, until, type AgentClient } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit, events, type ConnectedWidget } from '../../channels/widget/harness.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const SECRET_KEY = 'test-secret-key-test-secret-key-0123';
const LEASE_TTL_SECONDS = 3;

async function redisProblem(): Promise<string | null> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    r.disconnect();
  }
}
const problem = await redisProblem();
if (problem && process.env.CI) throw new Error(`The scale-out test needs Redis at ${REDIS_URL}, which CI starts: ${problem}`);
if (problem)
  console.warn(`[switchboard] test/server/scale-out skipped: no Redis at ${REDIS_URL} (${problem}); start redis-server to run it.`);

const pidOf = (holder: string | null) => (holder ? Number(holder.split(':')[1]) : null);

describe.skipIf(problem !== null)('two app nodes sharing PostgreSQL and Redis', () => {
  let t: TestContext;
  let dovecot: Dovecot;
  /** A: the node that won the mailbox lease and is killed; B: the survivor. */
  let a: AppNode;
  let b: AppNode;
  let inboxes: { email: string; widget: string };
  let agent: { cookie: string; bearer: Record<string, string> };
  let ann: { id: string; cookie: string };
  let agentB: AgentClient;
  let seenB: ReturnType<typeof recordEvents>;
  let widget: ConnectedWidget;
  let ticketId: string;
  let killedAt = 0;
  const sockets: Array<{ close(): void }> = [];

  const presenceOf = async (userId: string) => (await t.ctx.db.select({ p: users.presence }).from(users).where(eq(users.id, userId)))[0]!.p;
  const emailTickets = (subject: string) =>
    t.ctx.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.channel, 'email'), eq(tickets.subject, subject)));
  const mailHolderPid = async () => pidOf(await leaseHolder(t.ctx.db, `email:${inboxes.email}`));
  const acquiredOn = (node: AppNode) =>
    node.logs.filter((l) => l.lease === `email:${inboxes.email}` && l.msg === 'lease acquired; starting');

  beforeAll(async () => {
    t = await createTestContext();
    dovecot = await startDovecot();
    inboxes = { email: (await buildEmailInbox(t.ctx, dovecot)).id, widget: (await buildWidgetInbox(t.ctx)).id };
    const bea = await buildSessionUser(t.ctx, { roles: ['agent'], name: 'Bea' });
    const token = `sbt_${randomBytes(24).toString('base64url')}`;
    await t.ctx.db.insert(apiTokens).values({
      userId: bea.user.id,
      name: 'test',
      prefix: token.slice(0, 8),
      tokenHash: createHash('sha256').update(token).digest('hex'),
      scopes: ['read', 'write', 'ingest'],
    });
    agent = { cookie: bea.cookie, bearer: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
    const annUser = await buildSessionUser(t.ctx, { roles: ['agent'], name: 'Ann' });
    ann = { id: annUser.user.id, cookie: annUser.cookie };

    const env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL,
      // Parallel runs on the same Redis must not hear each other.
      REDIS_PREFIX: `sbtest-${randomBytes(6).toString('hex')}`,
      SECRET_KEY,
      LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS),
      PRESENCE_GRACE_SECONDS: '1',
      OUTBOX_POLL_MS: '100',
    };
    const [one, two] = await Promise.all([startAppNode('one', env), startAppNode('two', env)]);
    const holder = await until(mailHolderPid, 'a node to take the mailbox lease', 15_000);
    [a, b] = holder === one.pid ? [one, two] : [two, one];
    agentB = await connectAgent(b.url, { cookie: agent.cookie });
    seenB = recordEvents(agentB);
    sockets.push(agentB);
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([a?.kill(), b?.stop()]);
    await dovecot?.stop();
    await t?.close();
  });

  it('carries a conversation live between a widget on one node and an agent on the other', async () => {
    widget = await connectWidget(a.url, { inboxId: inboxes.widget });
    sockets.push(widget.socket);
    const ack = await emit(widget.socket, 'message.send', { clientId: randomUUID(), text: 'Hello from node A' });
    expect(ack.ok).toBe(true);
    const created = await until(
      () => seenB.find((e) => e.name === 'message.created' && (e.data as any).message.text === 'Hello from node A'),
      'the customer message at the agent on B',
    );
    ticketId = (created.data as any).ticket.id;

    // Opening the chat and typing on B shows on the widget on A.
    expect((await send(agentB, 'ticket.watch', { clientId: randomUUID(), ticketId })).ok).toBe(true);
    expect((await send(agentB, 'typing', { clientId: randomUUID(), ticketId, state: 'start' })).ok).toBe(true);
    await until(
      () => events(widget, 'typing').find((e) => e.state === 'start' && e.agent.name === 'Bea'),
      'the agent typing, on the widget',
    );
    await until(() => events(widget, 'read').length > 0, 'the read marker, on the widget');

    const res = await fetch(`${b.url}/api/tickets/${ticketId}/reply`, {
      method: 'POST',
      headers: agent.bearer,
      body: JSON.stringify({ text: 'Hi, node B here' }),
    });
    expect(res.status).toBe(201);
    await until(() => events(widget, 'message').find((m) => m.text === 'Hi, node B here'), 'the agent reply in the widget on A');
  });

  it('keeps an agent online while a console tab is open on any node', async () => {
    const onA = await connectAgent(a.url, { cookie: ann.cookie });
    sockets.push(onA);
    await until(async () => (await presenceOf(ann.id)) === 'online', 'Ann online');
    const onB = await connectAgent(b.url, { cookie: ann.cookie });
    onB.close();
    // An observation window, not a synchronisation: B's grace timer (1 s) fires inside it and must find the tab on A.
    await new Promise((r) => setTimeout(r, 2_500));
    const lastTabClosedAt = Date.now();
    onA.close();
    const offline = await until(
      () => seenB.find((e) => e.name === 'presence.changed' && (e.data as any).userId === ann.id && (e.data as any).presence === 'offline'),
      'Ann offline',
      10_000,
    );
    expect(Date.parse((offline.data as any).at)).toBeGreaterThanOrEqual(lastTabClosedAt);
  });

  it('polls a mailbox on exactly one node', async () => {
    await dovecot.append(customerMail(1, { subject: 'Mail before the crash' }));
    await until(
      () => seenB.find((e) => e.name === 'ticket.created' && (e.data as any).ticket.subject === 'Mail before the crash'),
      'the mail ticket at the agent on B',
    );
    expect(await emailTickets('Mail before the crash')).toHaveLength(1);
    expect(await mailHolderPid()).toBe(a.pid);
    expect(acquiredOn(a)).toHaveLength(1);
    expect(acquiredOn(b)).toHaveLength(0);
  });

  it('when a node dies, its widget visitor carries on at the other node and nothing is lost or doubled', async () => {
    const annOnA = await connectAgent(a.url, { cookie: ann.cookie });
    await until(async () => (await presenceOf(ann.id)) === 'online', 'Ann online again, on A only');
    const dying = [randomUUID(), randomUUID()];
    dying.forEach((clientId, i) => widget.socket.emit('message.send', { clientId, text: `Sent as A dies ${i}` }, () => {}));
    killedAt = Date.now();
    await a.kill();
    annOnA.close();
    await dovecot.append(customerMail(2, { subject: 'Mail while nobody polls' }));

    // The widget's reconnect lands on B (the load balancer's other node) with its token; unacked sends are resent.
    const back = await connectWidget(b.url, { inboxId: inboxes.widget, token: widget.welcome.token });
    sockets.push(back.socket);
    expect(back.welcome.visitorId).toBe(widget.welcome.visitorId);
    for (const [i, clientId] of dying.entries()) {
      expect(await emit(back.socket, 'message.send', { clientId, text: `Sent as A dies ${i}` })).toMatchObject({ ok: true });
    }
    expect(await emit(back.socket, 'message.send', { clientId: randomUUID(), text: 'Sent to B' })).toMatchObject({ ok: true });
    await until(
      () => seenB.find((e) => e.name === 'message.created' && (e.data as any).message.text === 'Sent to B'),
      'the message sent to B, live at the agent',
    );

    const stored = await t.ctx.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), like(messages.text, 'Sent%')));
    expect(stored.map((m) => m.text).sort()).toEqual(['Sent as A dies 0', 'Sent as A dies 1', 'Sent to B']);
    const history = (await connectWidget(b.url, { inboxId: inboxes.widget, token: widget.welcome.token })).welcome.messages;
    expect(history.map((m) => m.text)).toEqual([
      'Hello from node A',
      'Hi, node B here',
      'Sent as A dies 0',
      'Sent as A dies 1',
      'Sent to B',
    ]);

    // Ann's only tab was on A: the survivor notices her console is gone.
    await until(async () => (await presenceOf(ann.id)) === 'offline', 'Ann offline after her node died', 15_000);
  });

  it('moves the dead node’s mailbox to the survivor within the lease ttl, missing and doubling nothing', async () => {
    await until(async () => (await mailHolderPid()) === b.pid, 'B to hold the mailbox lease', 15_000);
    const [lease] = await t.ctx.db
      .select({ acquiredAt: leases.acquiredAt })
      .from(leases)
      .where(eq(leases.name, `email:${inboxes.email}`));
    const takeoverMs = lease!.acquiredAt.getTime() - killedAt;
    console.info(`[scale-out] mailbox lease moved to the survivor ${takeoverMs} ms after the kill (ttl ${LEASE_TTL_SECONDS} s)`);
    expect(takeoverMs).toBeLessThan((LEASE_TTL_SECONDS + LEASE_TTL_SECONDS / 3 + 1) * 1000);

    await until(async () => (await emailTickets('Mail while nobody polls')).length > 0, 'the mail appended while nobody polled', 10_000);
    await dovecot.append(customerMail(3, { subject: 'Mail after the takeover' }));
    await until(
      () => seenB.find((e) => e.name === 'ticket.created' && (e.data as any).ticket.subject === 'Mail after the takeover'),
      'the new mail ticket, live at the agent',
    );
    for (const subject of ['Mail before the crash', 'Mail while nobody polls', 'Mail after the takeover'])
      expect(await emailTickets(subject)).toHaveLength(1);
    expect(await t.ctx.db.$count(tickets, eq(tickets.channel, 'email'))).toBe(3);
  });
});
