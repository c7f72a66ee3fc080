import { api } from '../api.ts';
import type { ColleagueView, Presence, TeamView, UserView } from '../types.ts';

type Person = UserView | ColleagueView;

/** Colleagues (with live presence) and teams: for assignment menus, team views and the presence list. */
class Directory {
  people = $state<Person[]>([]);
  teams = $state<TeamView[]>([]);
  loaded = $state(false);

  async load(): Promise<void> {
    const [users, teams] = await Promise.all([api.get('/users'), api.get('/teams')]);
    this.people = users.users;
    this.teams = teams.teams;
    this.loaded = true;
  }

  name(userId: string | null | undefined): string | null {
    return userId ? (this.people.find((p) => p.id === userId)?.name ?? null) : null;
  }

  teamName(teamId: string | null | undefined): string | null {
    return teamId ? (this.teams.find((t) => t.id === teamId)?.name ?? null) : null;
  }

  teamsOf(userId: string): TeamView[] {
    return this.teams.filter((t) => t.members.some((m) => m.userId === userId));
  }

  agents(): Person[] {
    return this.people.filter((p) => p.active && p.roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'admin'));
  }

  setPresence(userId: string, presence: Presence): void {
    const i = this.people.findIndex((p) => p.id === userId);
    if (i >= 0) this.people[i] = { ...this.people[i]!, presence };
  }
}

export const directory = new Directory();
