import { and, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { presences, users, type Presence } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { inTransaction } from '../transaction.ts';

export const setPresenceInput = z.strictObject({
  presence: z.enum(presences),
  /** Only change it when the current value is one of these (e.g. back online only if the grace period made it offline). */
  onlyIf: z.array(z.enum(presences)).optional(),
});

export interface PresenceResult {
  presence: Presence;
  changed: boolean;
}

/**
 * Online / away / offline, persisted on the user so every node and every colleague's console agree.
 * A person may set only their own presence; the system (the disconnect grace period) may set anyone's.
 */
export async function setPresence(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
  raw: z.input<typeof setPresenceInput>,
): Promise<PresenceResult> {
  if (actor.type === 'user' && actor.id !== userId) throw forbidden('Setting another person’s presence is not allowed');
  const input = parseInput(setPresenceInput, raw);
  return inTransaction(ctx, async (tx, emit) => {
    const now = ctx.now();
    const guard = input.onlyIf ? inArray(users.presence, input.onlyIf) : undefined;
    const [row] = await tx
      .update(users)
      .set({ presence: input.presence, presenceChangedAt: now })
      .where(and(eq(users.id, userId), ne(users.presence, input.presence), guard))
      .returning({ id: users.id, name: users.name, presence: users.presence });
    if (!row) {
      const [current] = await tx.select({ presence: users.presence }).from(users).where(eq(users.id, userId));
      if (!current) throw notFound('User');
      return { presence: current.presence, changed: false };
    }
    emit({ name: 'presence.changed', data: { userId: row.id, name: row.name, presence: row.presence, at: now.toISOString() } });
    return { presence: row.presence, changed: true };
  });
}
