import type { ChannelKind } from '../../db/schema/index.ts';

export interface AgentLoad {
  total: number;
  byChannel: Partial<Record<ChannelKind, number>>;
}

export interface Candidate {
  userId: string;
  skills: readonly string[];
  capacity: number;
  capacityByChannel: Partial<Record<ChannelKind, number>>;
  load: AgentLoad;
  /** Epoch ms since the agent last got a ticket (or came online, if later). */
  idleSince: number;
}

export interface WaitingTicket {
  channel: ChannelKind;
  skills: readonly string[];
  /** The agent who handled this customer's previous ticket. */
  previousAgentId: string | null;
}

export type PickReason = 'returning_customer' | 'least_load';

const norm = (s: string) => s.trim().toLowerCase();

export function hasSpareCapacity(c: Candidate, channel: ChannelKind): boolean {
  const perChannel = c.capacityByChannel[channel];
  return c.load.total < c.capacity && (perChannel === undefined || (c.load.byChannel[channel] ?? 0) < perChannel);
}

export function canTake(c: Candidate, t: WaitingTicket): boolean {
  const skills = new Set(c.skills.map(norm));
  return hasSpareCapacity(c, t.channel) && t.skills.every((s) => skills.has(norm(s)));
}

/**
 * The returning customer's previous agent when they can take it; otherwise the least loaded capable agent,
 * ties to the one idle longest. Candidates are online team members (the caller filters presence).
 */
export function pickAgent(t: WaitingTicket, candidates: readonly Candidate[]): { agent: Candidate; reason: PickReason } | null {
  const able = candidates.filter((c) => canTake(c, t));
  const previous = t.previousAgentId ? able.find((c) => c.userId === t.previousAgentId) : undefined;
  if (previous) return { agent: previous, reason: 'returning_customer' };
  const best = able.sort((a, b) => a.load.total - b.load.total || a.idleSince - b.idleSince || (a.userId < b.userId ? -1 : 1))[0];
  return best ? { agent: best, reason: 'least_load' } : null;
}

/** Counts the new assignment against the agent so the next pick in the same pass sees it. */
export function addLoad(c: Candidate, channel: ChannelKind, at: number): void {
  c.load.total += 1;
  c.load.byChannel[channel] = (c.load.byChannel[channel] ?? 0) + 1;
  c.idleSince = at;
}
