import { z } from '@hono/zod-openapi';
import { processEventNames } from '../services/process-events/event-names.ts';

/** Response shapes of /api/automation (the request shapes are the services' own zod schemas). */
const condition = z.object({
  field: z.string(),
  op: z.string(),
  value: z.unknown().optional(),
  calendarId: z.string().nullable().optional(),
});
const conditionGroup = z
  .object({
    match: z.enum(['all', 'any']),
    conditions: z.array(z.union([condition, z.object({ match: z.enum(['all', 'any']), conditions: z.array(condition) })])),
  })
  .openapi('AutomationConditions');
const action = z.object({ type: z.string() }).catchall(z.unknown()).openapi('AutomationAction');

export const automationRuleView = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['event', 'time']),
    events: z.array(z.enum(processEventNames)),
    conditions: conditionGroup,
    actions: z.array(action),
    position: z.number(),
    enabled: z.boolean(),
    lastFiredAt: z.string().nullable(),
    fireCount: z.number(),
    failureCount: z.number(),
    lastError: z.string().nullable(),
    /** Set when the engine switched the rule off after repeated failures. */
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AutomationRule');

const valueKind = z.string();
export const automationCatalogView = z
  .object({
    events: z.array(z.enum(processEventNames)),
    conditionFields: z.array(
      z.object({
        field: z.string(),
        custom: z
          .object({
            entity: z.enum(['ticket', 'customer']),
            key: z.string(),
            type: z.string(),
            labels: z.object({ en: z.string(), 'zh-CN': z.string().optional() }),
            options: z.array(z.string()),
          })
          .optional(),
        ops: z.array(z.object({ op: z.string(), valueKind })),
        calendar: z.boolean(),
        messageOnly: z.boolean(),
      }),
    ),
    actions: z.array(
      z.object({
        type: z.string(),
        params: z.array(z.object({ name: z.string(), kind: z.string(), required: z.boolean() })),
        macro: z.boolean(),
      }),
    ),
    enums: z.object({ channels: z.array(z.string()), statuses: z.array(z.string()), priorities: z.array(z.string()) }),
  })
  .openapi('AutomationCatalog');

export const automationTestView = z
  .object({
    ticket: z.object({ id: z.string(), number: z.number() }),
    holds: z.boolean(),
    checks: z.array(z.object({ field: z.string(), op: z.string(), value: z.unknown(), actual: z.unknown(), holds: z.boolean() })),
    actions: z.array(
      z.object({
        type: z.string(),
        index: z.number(),
        status: z.enum(['done', 'unchanged', 'skipped', 'error']),
        detail: z.string().optional(),
      }),
    ),
  })
  .openapi('AutomationRuleTest');
