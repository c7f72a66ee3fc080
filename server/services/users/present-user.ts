import type { users } from '../../db/schema/index.ts';

type UserRow = typeof users.$inferSelect;

/** The only shape of a user that leaves the server; never the password hash. */
export function presentUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    locale: u.locale,
    timeZone: u.timeZone,
    avatarUrl: u.avatarUrl,
    active: u.active,
    presence: u.presence,
  };
}
export type UserView = ReturnType<typeof presentUser>;

/** What a non-admin sees of a colleague: enough to assign and mention, no contact details. */
export function presentColleague(u: UserRow) {
  return { id: u.id, name: u.name, roles: u.roles, avatarUrl: u.avatarUrl, active: u.active, presence: u.presence };
}
export type ColleagueView = ReturnType<typeof presentColleague>;
