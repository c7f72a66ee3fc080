import type { ServiceContext } from '../context.ts';
import { resolveSession } from '../services/auth/resolve-session.ts';
import { roomsForUser } from './audience.ts';
import type { Admission } from './auth.ts';
import { registerHandlers } from './handlers.ts';
import type { PresenceTracker } from './presence.ts';
import type { AgentSocket } from './types.ts';

/** How often each socket's session, roles and teams are checked again (tests shorten it). */
export const timing = { revalidateMs: 60_000 };

/** A signed-in console tab: its rooms, its handlers, presence, and a periodic check that the session still holds. */
export async function onAgentConnection(
  ctx: ServiceContext,
  socket: AgentSocket,
  presence: PresenceTracker,
  admission: Admission,
): Promise<void> {
  const userId = socket.data.actor.id;
  socket.join(admission.rooms);
  registerHandlers(ctx, socket);
  await presence.connected(socket.data.actor);

  // A signed-out, expired or deactivated session stops receiving events within a minute, and changed roles
  // or team memberships move the socket between rooms.
  const revalidate = setInterval(async () => {
    const session = await resolveSession(ctx, admission.rawSession).catch(() => undefined);
    if (session === null || session?.twoFactorSetupRequired) return void socket.disconnect(true);
    if (!session) return;
    socket.data = { actor: session.actor, user: session.user, sessionId: session.sessionId };
    const wanted = await roomsForUser(ctx.db, socket.data).catch(() => null);
    if (wanted) syncRooms(socket, wanted);
  }, timing.revalidateMs);
  revalidate.unref();

  socket.on('disconnect', () => {
    clearInterval(revalidate);
    void presence.disconnected(userId);
  });
}

/** Joins the rooms the user now belongs to and leaves the others; ticket rooms (watching) are left alone. */
export function syncRooms(socket: AgentSocket, wanted: string[]): void {
  for (const room of socket.rooms) {
    if (room !== socket.id && !room.startsWith('ticket:') && !wanted.includes(room)) void socket.leave(room);
  }
  void socket.join(wanted);
}
