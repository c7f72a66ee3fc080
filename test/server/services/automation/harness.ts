import { and, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../../../../server/context.ts';
import { automationFirings, messages, outbox, ticketEvents } from '../../../../server/db/schema/index.ts';
import { createAutomationRule } from '../../../../server/services/automation/create-rule.ts';
import type { RuleBody } from '../../../../server/services/automation/schema.ts';
import type { Actor } from '../../../../server/services/actor.ts';
import { createOutboxWorker } from '../../../../server/workers/outbox-worker.ts';
import { outboxHandlers } from '../../../../server/workers/outbox-handlers.ts';

const noChannels = { email: null, widget: null, telegram: null, api: null };
export const admin: Actor & { type: 'user' } = {
  type: 'user',
  id: '00000000-0000-4000-8000-0000000000ad',
  name: 'Admin',
  roles: ['admin'],
};

/** Saves a rule through the admin verb (as the console would). */
export async function buildRule(
  ctx: ServiceContext,
  body: Omit<Partial<RuleBody>, 'conditions'> & { conditions?: unknown; actions: RuleBody['actions'] },
) {
  return createAutomationRule(
    ctx,
    { ...admin, id: await adminId(ctx) },
    {
      name: body.name ?? `Rule ${Math.random().toString(36).slice(2, 7)}`,
      kind: body.kind ?? 'event',
      events: body.events ?? (body.kind === 'time' ? [] : ['ticket.created']),
      conditions: (body.conditions as RuleBody['conditions']) ?? { match: 'all', conditions: [] },
      actions: body.actions,
      enabled: body.enabled ?? true,
    },
  );
}

let adminUser: { ctx: ServiceContext; id: string } | null = null;
async function adminId(ctx: ServiceContext): Promise<string> {
  const { users } = await import('../../../../server/db/schema/index.ts');
  const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, 'automation-admin@switchboard.test'));
  if (row) return row.id;
  const [made] = await ctx.db
    .insert(users)
    .values({ email: 'automation-admin@switchboard.test', name: 'Automation Admin', passwordHash: 'x', roles: ['admin'] })
    .returning();
  adminUser = { ctx, id: made!.id };
  return made!.id;
}
export const lastAdmin = () => adminUser;

/** Runs the outbox (rule evaluations, their chains) until nothing is due; returns how many jobs ran. */
export async function drainRules(ctx: ServiceContext): Promise<number> {
  const w = createOutboxWorker(ctx, {
    handlers: outboxHandlers(ctx, { channels: noChannels }),
    batchSize: 20,
    topics: ['automation.evaluate'],
  });
  let total = 0;
  for (let i = 0; i < 200; i++) {
    const r = await w.drainOnce();
    if (r.claimed === 0) return total;
    total += r.claimed;
  }
  throw new Error('the outbox never settled');
}

export const firingsOf = (ctx: ServiceContext, ticketId: string) =>
  ctx.db.select().from(automationFirings).where(eq(automationFirings.ticketId, ticketId));

export const historyKinds = async (ctx: ServiceContext, ticketId: string, kind: string) =>
  ctx.db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.kind, kind)));

export const evaluationJobs = (ctx: ServiceContext) => ctx.db.select().from(outbox).where(eq(outbox.topic, 'automation.evaluate'));

/**
 * True once a running server has nothing left to do for rules: no evaluation job pending or running and no outbound
 * message still queued. Ingest writes a message's evaluation job in its own transaction, so once a channel has
 * answered (ack, HTTP 200) anything it caused is already counted here.
 */
export async function rulesSettled(ctx: ServiceContext): Promise<boolean> {
  const jobs = await ctx.db.$count(outbox, and(eq(outbox.topic, 'automation.evaluate'), inArray(outbox.status, ['pending', 'processing'])));
  const queued = await ctx.db.$count(messages, and(eq(messages.direction, 'out'), eq(messages.deliveryStatus, 'queued')));
  return jobs === 0 && queued === 0;
}
