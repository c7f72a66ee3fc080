import { and, arrayContains, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { automationRules, users } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { notify } from '../notifications/notify.ts';
import { enqueue } from '../outbox/enqueue.ts';

/** Failures in a row after which a rule is switched off. */
export const MAX_RULE_FAILURES = 3;

/**
 * Counts a failed firing; at MAX_RULE_FAILURES in a row the rule is switched off with its reason, audited, and
 * every active admin is told in the bell and emailed (outbox), in the same transaction as the failure record.
 */
export async function recordRuleFailure(ctx: ServiceContext, tx: Tx, ruleId: string, ticketId: string, error: string): Promise<void> {
  const [rule] = await tx
    .update(automationRules)
    .set({ failureCount: sql`${automationRules.failureCount} + 1`, lastError: error.slice(0, 1000) })
    .where(eq(automationRules.id, ruleId))
    .returning();
  if (!rule) return;
  ctx.log.warn({ ruleId, ticketId, error, failures: rule.failureCount }, 'automation rule failed');
  if (!rule.enabled || rule.failureCount < MAX_RULE_FAILURES) return;
  const reason = `Switched off after ${rule.failureCount} failures in a row. Last error: ${error}`.slice(0, 1000);
  await tx
    .update(automationRules)
    .set({ enabled: false, disabledReason: reason, updatedAt: ctx.now() })
    .where(eq(automationRules.id, ruleId));
  await recordAudit(tx, systemActor('automation'), {
    action: 'automation_rule.disabled',
    targetType: 'automation_rule',
    targetId: ruleId,
    data: { name: rule.name, reason, failures: rule.failureCount },
  });
  ctx.log.error({ ruleId, name: rule.name, reason }, 'automation rule switched off');
  const admins = await tx
    .select({ id: users.id, email: users.email, byEmail: users.emailNotifications })
    .from(users)
    .where(and(eq(users.active, true), arrayContains(users.roles, ['admin'])));
  if (!admins.length) return;
  // The bell and push at once (and the notification email for admins who chose email for this kind); every other
  // admin is emailed below all the same, so each admin gets exactly one email.
  await notify(tx, { userIds: admins.map((a) => a.id), kind: 'automation', data: { ruleId, name: rule.name, reason }, now: ctx.now() });
  const toEmail = admins.filter((a) => a.byEmail.automation !== true);
  if (!toEmail.length) return;
  await enqueue(
    tx,
    'automation.email',
    {
      to: toEmail.map((a) => a.email),
      subject: `[Automation] Rule “${rule.name}” was switched off`.slice(0, 300),
      text: `${reason}\n\nFix the rule in Settings → Automation and switch it on again.`,
      ticketId,
    },
    { dedupeKey: `automation-disabled:${ruleId}:${rule.updatedAt.getTime()}` },
  );
}
