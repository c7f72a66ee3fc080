import type { DbOrTx } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';

/** Where an admin write came from; routes fill it, the CLI leaves it empty. */
export interface RequestOrigin {
  ip?: string | null;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  data?: Record<string, unknown>;
}

/** One audit_log row, written in the same transaction as the change it describes. */
export async function recordAudit(db: DbOrTx, actor: Actor, entry: AuditEntry, origin: RequestOrigin = {}): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor.type === 'user' ? actor.id : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: actor.type === 'system' ? { ...entry.data, system: actor.name } : (entry.data ?? {}),
    ip: origin.ip?.slice(0, 100) ?? null,
  });
}

/** An entry nobody signed in made: a refused sign-in names the account tried as its target, never as its actor. */
export async function recordAnonymousAudit(db: DbOrTx, entry: AuditEntry, origin: RequestOrigin = {}): Promise<void> {
  await db.insert(auditLog).values({ actorId: null, ...entry, data: entry.data ?? {}, ip: origin.ip?.slice(0, 100) ?? null });
}
