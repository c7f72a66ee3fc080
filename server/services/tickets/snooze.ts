import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { changeStatus } from './change-status.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';

const MAX_SNOOZE_DAYS = 365;

export const snoozeInput = z.strictObject({
  until: z.iso.datetime({ offset: true, message: 'until: expected an ISO 8601 time with its offset' }),
});

/**
 * Puts a ticket on hold until a time: it is pending with `snoozedUntil` set, and the scheduler reopens it then
 * (wake-snoozed.ts) unless the customer writes first. Snoozing a snoozed ticket moves its time.
 */
export async function snooze(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof snoozeInput>) {
  const input = parseInput(snoozeInput, raw);
  const until = new Date(input.until);
  const now = ctx.now();
  if (until <= now) throw invalid('until: the snooze time must be in the future', [{ path: 'until', message: 'in the past' }]);
  if (until.getTime() - now.getTime() > MAX_SNOOZE_DAYS * 86_400_000) {
    throw invalid(`until: at most ${MAX_SNOOZE_DAYS} days ahead`, [{ path: 'until', message: 'too far ahead' }]);
  }
  return mutateTicket(ctx, actor, ticketId, 'Snoozing a ticket', async (m) => {
    const data = { action: 'snooze', until: until.toISOString() };
    if (m.ticket.status === 'pending') {
      await m.update({ snoozedUntil: until }, 'status');
      await m.record({ kind: 'status_changed', from: 'pending', to: 'pending', data });
    } else {
      await changeStatus(m, 'pending', { action: 'snooze', set: { snoozedUntil: until }, data: { until: data.until } });
    }
    return presentTicket(m.ticket);
  });
}
