import { eq } from 'drizzle-orm';
import type { InboundMessage } from '../../channels/types.ts';
import type { ServiceContext } from '../../server/context.ts';
import { tickets } from '../../server/db/schema/index.ts';
import { buildActor, buildTeam, buildTicket } from './factories.ts';

/**
 * Two teams with one agent each, plus a supervisor, an admin and an editor: enough people to check who may
 * see and change which ticket.
 */
export async function buildWorld(ctx: ServiceContext) {
  const agentA = await buildActor(ctx, ['agent']);
  const agentB = await buildActor(ctx, ['agent']);
  const supervisor = await buildActor(ctx, ['supervisor']);
  const admin = await buildActor(ctx, ['admin']);
  const editor = await buildActor(ctx, ['editor']);
  const teamA = await buildTeam(ctx, { memberIds: [agentA.id] });
  const teamB = await buildTeam(ctx, { memberIds: [agentB.id] });
  return { agentA, agentB, supervisor, admin, editor, teamA, teamB };
}

/** A ticket opened through ingest, then owned by a team (as routing would do). */
export async function buildTeamTicket(ctx: ServiceContext, teamId: string | null, overrides: Partial<InboundMessage> = {}) {
  const r = await buildTicket(ctx, overrides);
  if (teamId) await ctx.db.update(tickets).set({ teamId }).where(eq(tickets.id, r.ticketId));
  return r;
}

export async function ticketRow(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}
