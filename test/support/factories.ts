import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../../channels/types.ts';
import type { ServiceContext } from '../../server/context.ts';
import { teamMembers, teams, users, type Role } from '../../server/db/schema/index.ts';
import type { Actor } from '../../server/services/actor.ts';
import { ingest } from '../../server/services/tickets/ingest.ts';

let seq = 0;
const next = () => ++seq;

export function buildInbound(overrides: Partial<InboundMessage> = {}): InboundMessage {
  const n = next();
  return {
    channel: 'api',
    threadKey: `thread-${n}-${randomUUID()}`,
    externalMessageId: `msg-${n}-${randomUUID()}`,
    sender: { externalId: `customer-${n}@example.com`, displayName: `Customer ${n}` },
    subject: `Help needed ${n}`,
    text: `My order ${n} has not arrived`,
    ...overrides,
  };
}

/** A ticket opened the way production opens one: through ingest. */
export async function buildTicket(ctx: ServiceContext, overrides: Partial<InboundMessage> = {}) {
  return ingest(ctx, buildInbound(overrides));
}

/** Inserts a user row directly (password hash is not a real hash: use the users service to log in). */
export async function buildUser(ctx: ServiceContext, overrides: { roles?: Role[]; name?: string; email?: string } = {}) {
  const n = next();
  const [row] = await ctx.db
    .insert(users)
    .values({
      email: overrides.email ?? `agent-${n}-${randomUUID().slice(0, 8)}@switchboard.test`,
      name: overrides.name ?? `Agent ${n}`,
      passwordHash: 'not-a-hash',
      roles: overrides.roles ?? ['agent'],
    })
    .returning();
  return row!;
}

export async function buildActor(ctx: ServiceContext, roles: Role[] = ['agent']): Promise<Actor & { type: 'user' }> {
  const u = await buildUser(ctx, { roles });
  return { type: 'user', id: u.id, name: u.name, roles: u.roles };
}

export async function buildTeam(ctx: ServiceContext, overrides: { name?: string; memberIds?: string[] } = {}) {
  const [team] = await ctx.db
    .insert(teams)
    .values({ name: overrides.name ?? `Team ${next()}-${randomUUID().slice(0, 6)}` })
    .returning();
  for (const userId of overrides.memberIds ?? []) {
    await ctx.db.insert(teamMembers).values({ teamId: team!.id, userId });
  }
  return team!;
}
