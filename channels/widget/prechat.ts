import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { ServiceError } from '../../server/errors.ts';
import { checkCustomerValues, loadCustomerFields } from '../../server/services/custom-fields/customer-visible.ts';
import { requireLiveInbox, type WidgetInbox } from './inbox.ts';
import type { WidgetWelcome } from './protocol.ts';
import { customerOf, missingPreChat } from './customer-view.ts';
import { keepFields } from './prechat-fields.ts';
import { widgetLocale } from './settings.ts';
import { ensureCustomer, loadVisitor, type Visitor } from './visitors.ts';

const answers = z
  .record(z.string().max(100), z.unknown())
  .refine((r) => Object.keys(r).length <= 100, 'at most 100 fields')
  .optional();
const blankToUndefined = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);
export const preChatInput = z.object({
  name: z.preprocess(blankToUndefined, z.string().trim().max(200, 'at most 200 characters').optional()),
  email: z.preprocess(
    blankToUndefined,
    z
      .email('a valid email address')
      .max(320)
      .transform((s) => s.toLowerCase())
      .optional(),
  ),
  ticketFields: answers,
  customerFields: answers,
});

/**
 * The pre-chat form (or, while nobody is online, "leave your email"): fields switched off are refused, required ones
 * enforced. Custom-field answers are checked now (only customer-visible fields, in the visitor's language) and kept
 * until the first message, whose ticket they go on.
 */
export async function submitPreChat(
  ctx: ServiceContext,
  visitor: Visitor,
  raw: unknown,
  locale?: string,
): Promise<WidgetWelcome['customer']> {
  const input = preChatInput.parse(raw ?? {});
  const inbox: WidgetInbox = await requireLiveInbox(ctx, visitor.inboxId);
  // Email stays accepted when the form has it off: the offline prompt asks for it.
  if (input.name && inbox.settings.preChat.name === 'off') throw new ServiceError('VALIDATION', 'name: not asked for by this chat');
  const before = await loadVisitor(ctx.db, inbox.id, visitor.visitorId);
  const now = customerOf(before, visitor);
  const missing = missingPreChat(inbox, { name: input.name ?? now.name, email: input.email ?? now.email });
  if (missing) throw new ServiceError('VALIDATION', `${missing}: is required`);
  const fields =
    input.ticketFields || input.customerFields
      ? checkCustomerValues(await loadCustomerFields(ctx.db), input, widgetLocale(inbox.settings, locale))
      : null;
  const row = await ensureCustomer(ctx, visitor, {
    ...(input.name ? { name: input.name } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(fields ? { meta: keepFields(before, fields) } : {}),
    preChatAt: ctx.now(),
  });
  return customerOf(row, visitor);
}
