import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../../server/context.ts';
import { openDatabase } from '../../../../server/db/client.ts';
import { outbox, teamMembers, teams, users, type ChannelKind, type Presence } from '../../../../server/db/schema/index.ts';
import { EventBus } from '../../../../server/events.ts';
import { createOutboxWorker } from '../../../../server/workers/outbox-worker.ts';
import { outboxHandlers } from '../../../../server/workers/outbox-handlers.ts';
import type { TestContext } from '../../../support/context.ts';
import { buildTeam, buildUser } from '../../../support/factories.ts';

export interface AgentSpec {
  presence?: Presence;
  capacity?: number;
  capacityByChannel?: Partial<Record<ChannelKind, number>>;
  skills?: string[];
  name?: string;
}

/** A team whose members are agents with the given presence, capacity and skills. */
export async function buildStaffedTeam(ctx: ServiceContext, specs: AgentSpec[], team: { autoAssign?: boolean; name?: string } = {}) {
  const row = await buildTeam(ctx, { name: team.name });
  if (team.autoAssign === false) await ctx.db.update(teams).set({ autoAssign: false }).where(eq(teams.id, row.id));
  const agents = [];
  for (const spec of specs) agents.push(await addAgent(ctx, row.id, spec));
  return { team: row, agents };
}

export async function addAgent(ctx: ServiceContext, teamId: string, spec: AgentSpec = {}) {
  const user = await buildUser(ctx, { roles: ['agent'], name: spec.name });
  await ctx.db
    .update(users)
    .set({ presence: spec.presence ?? 'online' })
    .where(eq(users.id, user.id));
  await ctx.db.insert(teamMembers).values({
    teamId,
    userId: user.id,
    capacity: spec.capacity ?? 10,
    capacityByChannel: spec.capacityByChannel ?? {},
    skills: spec.skills ?? [],
  });
  return user;
}

const noChannels = { email: null, widget: null, telegram: null, api: null };

/** Runs outbox workers (as separate nodes would) until no job is due. */
export async function drainOutbox(ctxs: ServiceContext[], batchSize = 10): Promise<void> {
  const workers = ctxs.map((ctx) => createOutboxWorker(ctx, { handlers: outboxHandlers(ctx, { channels: noChannels }), batchSize }));
  await Promise.all(
    workers.map(async (w) => {
      for (let i = 0; i < 10_000; i++) if ((await w.drainOnce()).claimed === 0) return;
    }),
  );
  const ctx = ctxs[0]!;
  const [left] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(sql`${outbox.status} in ('pending','processing') and ${outbox.runAfter} <= ${ctx.now()}`);
  if (left!.n) throw new Error(`${left!.n} outbox jobs still due after draining`);
}

/**
 * Another "node" on the same PostgreSQL database: its own pool and event bus, the same clock. On PGlite (one
 * in-process database) it shares the connection.
 */
export async function secondNode(t: TestContext): Promise<{ ctx: ServiceContext; close: () => Promise<void> }> {
  if (!t.database.url) return { ctx: { ...t.ctx, events: new EventBus() }, close: async () => {} };
  const db = await openDatabase({ url: t.database.url, dataDir: '.', poolSize: 10 });
  return { ctx: { ...t.ctx, db: db.db, events: new EventBus() }, close: () => db.close() };
}
