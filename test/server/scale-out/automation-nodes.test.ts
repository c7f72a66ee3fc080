import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../channels/types.ts';
import { messages, outbox, tickets } from '../../../server/db/schema/index.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { until } from '../../support/sockets.ts';
import { buildRule, historyKinds } from '../services/automation/harness.ts';

const BURST = 16;
const NOTE = 'Refund asked: check the order before answering.';

// An integration behind a load balancer retries on the other node, so both nodes get every message of the burst at
// once; both run outbox workers that evaluate rules. One message per ticket, one firing per message.

describe('an automation rule on two app nodes sharing PostgreSQL', () => {
  let t: TestContext;
  let headers: Record<string, string>;
  let nodes: AppNode[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    headers = (await buildTokenUser(t.ctx, ['agent'])).headers;
    const env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      OUTBOX_POLL_MS: '50',
    };
    nodes = await Promise.all([startAppNode('rules-one', env), startAppNode('rules-two', env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await t?.close();
  });

  const ingestAt = async (node: AppNode, message: InboundMessage) => {
    const res = await fetch(`${node.url}/api/ingest`, { method: 'POST', headers, body: JSON.stringify(message) });
    return { status: res.status, body: (await res.json()) as { ticketId: string; duplicate: boolean } };
  };

  it('the same burst ingested on both nodes at once fires the rule once per matching ticket', async () => {
    await buildRule(t.ctx, {
      name: 'Refund requests',
      events: ['message.customer'],
      conditions: { match: 'all', conditions: [{ field: 'message.text', op: 'contains', value: 'refund' }] },
      actions: [
        { type: 'add_tags', tags: ['refund'] },
        { type: 'add_note', text: NOTE },
      ],
    });
    const burst = Array.from({ length: BURST }, (_, i) => {
      const refund = i % 2 === 0;
      const text = refund ? `Order ${i} came broken, I want a refund` : `Order ${i}: where is my parcel?`;
      return { refund, message: buildInbound({ subject: `Order ${i}`, text }) };
    });
    const answers = await Promise.all(burst.map(async ({ message }) => Promise.all(nodes.map((node) => ingestAt(node, message)))));
    for (const pair of answers) {
      // One node stored it, the other found it stored: both answer with the same ticket.
      expect(pair.map((a) => a.status).sort()).toEqual([200, 201]);
      expect(pair[0]!.body.ticketId).toBe(pair[1]!.body.ticketId);
    }
    await until(
      async () => (await t.ctx.db.$count(outbox, eq(outbox.topic, 'automation.evaluate'))) === BURST,
      'one evaluation job per message',
    );
    await until(
      async () => (await t.ctx.db.$count(outbox, and(eq(outbox.topic, 'automation.evaluate'), eq(outbox.status, 'done')))) === BURST,
      'every evaluation job done',
      20_000,
    );
    const stored = nodes.map((_, n) => answers.filter((pair) => pair[n]!.status === 201).length);
    console.info(`[scale-out] automation: ${BURST} messages sent to both nodes at once, stored by each ${stored.join(' / ')}`);

    for (const [i, { refund }] of burst.entries()) {
      const ticketId = answers[i]![0]!.body.ticketId;
      const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
      const inbound = await t.ctx.db.$count(messages, and(eq(messages.ticketId, ticketId), eq(messages.direction, 'in')));
      const notes = await t.ctx.db
        .select({ text: messages.text })
        .from(messages)
        .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'note')));
      const byRule = (await historyKinds(t.ctx, ticketId, 'rule_fired')).map((e) => e.toValue);
      expect(inbound).toBe(1);
      if (refund) expect([row!.tags, notes.map((n) => n.text), byRule]).toEqual([['refund'], [NOTE], ['Refund requests']]);
      else expect([row!.tags, notes, byRule]).toEqual([[], [], []]);
    }
  });
});
