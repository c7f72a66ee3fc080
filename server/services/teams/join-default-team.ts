import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { inboxes, teamMembers, teams } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { defaultWidgetInboxId } from '../inboxes/bootstrap-widget-inbox.ts';
import { DEFAULT_TEAM_NAME, defaultTeamId } from './default-team.ts';
import { requireFreeTeamName } from './team-rules.ts';

/**
 * First run: the admin works tickets in a team "Support" that owns the default widget inbox, so the first chat is
 * routed to them and the widget shows them online. A team of that name is reused; an inbox an admin already gave
 * a team keeps it.
 */
export async function joinDefaultTeam(tx: Tx, actor: Actor, userId: string, now: Date, origin: RequestOrigin = {}): Promise<string> {
  let teamId = await defaultTeamId(tx);
  if (!teamId) {
    await requireFreeTeamName(tx, DEFAULT_TEAM_NAME);
    teamId = (await tx.insert(teams).values({ name: DEFAULT_TEAM_NAME }).returning({ id: teams.id }))[0]!.id;
    await recordAudit(
      tx,
      actor,
      { action: 'team.created', targetType: 'team', targetId: teamId, data: { name: DEFAULT_TEAM_NAME } },
      origin,
    );
  }
  const [member] = await tx.insert(teamMembers).values({ teamId, userId }).onConflictDoNothing().returning();
  if (member) {
    const data = { userId, skills: member.skills, capacity: member.capacity, capacityByChannel: member.capacityByChannel };
    await recordAudit(tx, actor, { action: 'team.member_added', targetType: 'team', targetId: teamId, data }, origin);
  }
  const inboxId = await defaultWidgetInboxId(tx);
  const linked = inboxId
    ? await tx
        .update(inboxes)
        .set({ teamId, updatedAt: now })
        .where(and(eq(inboxes.id, inboxId), isNull(inboxes.teamId)))
        .returning({ id: inboxes.id })
    : [];
  if (linked.length) {
    const data = { changed: ['teamId'], secretsChanged: false };
    await recordAudit(tx, actor, { action: 'inbox.updated', targetType: 'inbox', targetId: inboxId!, data }, origin);
  }
  return teamId;
}
