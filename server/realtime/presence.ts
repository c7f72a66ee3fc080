import { and, lt, ne } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { users } from '../db/schema/index.ts';
import { systemActor, type Actor } from '../services/actor.ts';
import { setPresence } from '../services/presence/set-presence.ts';
import { rooms, type AgentNamespace } from './types.ts';

const graceActor = systemActor('presence');

/**
 * Online while any console tab is connected; offline once the last one has been gone for the grace period
 * (a reload or a Wi-Fi blip does not flap). A sweep covers people whose node died before its timer fired.
 */
export function trackPresence(ctx: ServiceContext, agents: AgentNamespace) {
  const graceMs = ctx.config.PRESENCE_GRACE_SECONDS * 1000;
  const timers = new Map<string, NodeJS.Timeout>();

  // Asked through the adapter, so with Redis it counts the person's tabs on every live node: a dead node drops
  // out of Redis pub/sub with its sockets, so nothing stale counts. If the nodes cannot be asked (Redis away),
  // the person stays online and the timer or the sweep asks again.
  const connectedAnywhere = async (userId: string) => (await agents.in(rooms.agent(userId)).fetchSockets()).length > 0;

  async function goOfflineIfGone(userId: string) {
    timers.delete(userId);
    if (await connectedAnywhere(userId)) return;
    await setPresence(ctx, graceActor, userId, { presence: 'offline' });
  }

  async function sweep() {
    const cutoff = new Date(ctx.now().getTime() - graceMs);
    const candidates = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(ne(users.presence, 'offline'), lt(users.presenceChangedAt, cutoff)));
    for (const { id } of candidates) if (!timers.has(id)) await goOfflineIfGone(id);
  }

  const fail = (err: unknown) => ctx.log.error({ err }, 'presence update failed');
  const sweeper = setInterval(() => void sweep().catch(fail), Math.max(graceMs, 5_000));
  sweeper.unref();

  return {
    async connected(actor: Actor & { type: 'user' }) {
      clearTimeout(timers.get(actor.id));
      timers.delete(actor.id);
      // Coming back from offline means online; an agent who chose "away" stays away across reloads.
      await setPresence(ctx, actor, actor.id, { presence: 'online', onlyIf: ['offline'] }).catch(fail);
    },
    async disconnected(userId: string) {
      if (timers.has(userId) || (await connectedAnywhere(userId).catch(() => false))) return;
      const timer = setTimeout(() => void goOfflineIfGone(userId).catch(fail), graceMs);
      timer.unref();
      timers.set(userId, timer);
    },
    stop() {
      clearInterval(sweeper);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type PresenceTracker = ReturnType<typeof trackPresence>;
