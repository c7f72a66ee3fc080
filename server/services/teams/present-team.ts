import type { teamMembers, teams } from '../../db/schema/index.ts';

type TeamRow = typeof teams.$inferSelect;
type MemberRow = typeof teamMembers.$inferSelect & { name: string };

export function presentTeamMember(m: MemberRow) {
  return { userId: m.userId, name: m.name, skills: m.skills, capacity: m.capacity, capacityByChannel: m.capacityByChannel };
}
export type TeamMemberView = ReturnType<typeof presentTeamMember>;

export function presentTeam(t: TeamRow, members: MemberRow[]) {
  return {
    id: t.id,
    name: t.name,
    autoAssign: t.autoAssign,
    assignOnReply: t.assignOnReply,
    escalationTeamId: t.escalationTeamId,
    members: members.map(presentTeamMember),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
export type TeamView = ReturnType<typeof presentTeam>;
