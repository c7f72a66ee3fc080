import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { auditLog, customers } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { MAX_TAGS, tagSchema } from '../tags.ts';
import { isUuid } from '../tickets/visibility.ts';
import { presentCustomer } from './present.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s || null)
    .nullable()
    .optional();

export const updateCustomerInput = z.strictObject({
  name: optionalText(200),
  email: z
    .email()
    .max(320)
    .transform((s) => s.toLowerCase())
    .nullable()
    .optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{3,40}$/, 'digits, spaces, + ( ) . - only')
    .nullable()
    .optional(),
  locale: z
    .string()
    .trim()
    .max(35)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as en or zh-CN')
    .nullable()
    .optional(),
  tier: optionalText(50),
  tags: z
    .array(tagSchema)
    .max(MAX_TAGS)
    .transform((t) => [...new Set(t)])
    .optional(),
  notes: optionalText(10_000),
});

/** Agents keep the customer's profile current; each change is written to the audit log with before and after. */
export async function updateCustomer(ctx: ServiceContext, actor: Actor, customerId: string, raw: z.input<typeof updateCustomerInput>) {
  requireRole(actor, AGENT_ROLES, 'Editing customers');
  const input = parseInput(updateCustomerInput, raw);
  if (!isUuid(customerId)) throw notFound('Customer');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!before) throw notFound('Customer');
    if (before.mergedIntoId) throw conflict('Customer: merged into another customer; edit that one', { mergedIntoId: before.mergedIntoId });
    const changed = Object.fromEntries(
      Object.entries(input).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before])),
    );
    if (!Object.keys(changed).length) return presentCustomer(before);
    const [after] = await tx
      .update(customers)
      .set({ ...changed, updatedAt: ctx.now() })
      .where(eq(customers.id, customerId))
      .returning();
    await tx.insert(auditLog).values({
      actorId: actorUserId(actor),
      action: 'customer.updated',
      targetType: 'customer',
      targetId: customerId,
      data: {
        changes: Object.fromEntries(Object.keys(changed).map((k) => [k, { from: before[k as keyof typeof before], to: changed[k] }])),
      },
    });
    return presentCustomer(after!);
  });
}
