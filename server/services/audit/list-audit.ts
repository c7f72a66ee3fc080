import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { auditLog, users } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';

export const auditQuery = z.strictObject({
  /** An exact action (user.roles_changed) or a family ending in a dot (user.). */
  action: z.string().trim().max(100).optional(),
  actorId: z.uuid('actorId: expected a user id').optional(),
  targetType: z.string().trim().max(50).optional(),
  targetId: z.string().trim().max(200).optional(),
  from: z.iso.datetime({ offset: true, message: 'from: expected an ISO date-time' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'to: expected an ISO date-time' }).optional(),
  /** The id of the last entry already shown: the next page starts below it. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(100),
});
export type AuditQuery = z.input<typeof auditQuery>;

export interface AuditEntryView {
  id: number;
  at: string;
  action: string;
  actor: { id: string; name: string; email: string } | null;
  system: string | null;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
}

/** Admins read the audit log newest first, filtered; `nextBefore` pages on (null at the end). */
export async function listAudit(ctx: ServiceContext, actor: Actor, raw: AuditQuery) {
  requireRole(actor, ['admin'], 'Reading the audit log');
  const q = parseInput(auditQuery, raw, 'query');
  const where: SQL[] = [];
  if (q.action)
    where.push(q.action.endsWith('.') ? like(auditLog.action, `${q.action.replace(/[\\%_]/g, '\\$&')}%`) : eq(auditLog.action, q.action));
  if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
  if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
  if (q.from) where.push(gte(auditLog.createdAt, new Date(q.from)));
  if (q.to) where.push(lte(auditLog.createdAt, new Date(q.to)));
  if (q.before) where.push(lt(auditLog.id, q.before));
  const rows = await ctx.db
    .select({ entry: auditLog, actor: { id: users.id, name: users.name, email: users.email } })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { entries: page.map(presentAuditEntry), nextBefore: rows.length > q.limit ? page.at(-1)!.entry.id : null };
}

function presentAuditEntry(r: { entry: typeof auditLog.$inferSelect; actor: AuditEntryView['actor'] | null }): AuditEntryView {
  const { system, ...data } = r.entry.data as Record<string, unknown> & { system?: string };
  return {
    id: r.entry.id,
    at: r.entry.createdAt.toISOString(),
    action: r.entry.action,
    actor: r.actor?.id ? r.actor : null,
    system: system ?? null,
    targetType: r.entry.targetType,
    targetId: r.entry.targetId,
    data,
    ip: r.entry.ip,
  };
}
