import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { macros, tickets } from '../../db/schema/index.ts';
import { conflict, invalid, ServiceError, type ServiceErrorCode } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { runActions } from '../automation/run-actions.ts';
import type { Action } from '../automation/schema.ts';
import { parseInput } from '../parse-input.ts';
import { presentTicket, type TicketView } from '../tickets/present.ts';
import { loadVisibleTicket } from '../tickets/visibility.ts';
import { inTransaction } from '../transaction.ts';
import { loadUsableMacro } from './access.ts';
import { storedActions } from './actions.ts';
import { macroTicketsInput } from './input.ts';

const CONCURRENCY = 4;

export type MacroApplyResult =
  | { ticketId: string; result: 'applied'; ticket: TicketView }
  | { ticketId: string; result: 'refused'; error: { code: ServiceErrorCode; message: string } };

/** One ticket, one transaction: the actions through the engine's executor, which writes the "by macro ‘X’" row. */
async function applyToTicket(ctx: ServiceContext, actor: Actor, macro: { id: string; name: string }, actions: Action[], ticketId: string) {
  return inTransaction(ctx, async (tx, emit) => {
    const ticket = await loadVisibleTicket(tx, actor, ticketId, { lock: true });
    if (ticket.status === 'closed') throw conflict(`Ticket #${ticket.number} is closed: a macro cannot change it`);
    await runActions(tx, ctx, { ticketId, actions, actor, emit, source: { kind: 'macro', macroId: macro.id, macroName: macro.name } });
    const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
    return presentTicket(row!);
  });
}

/**
 * Applies a macro to up to 500 tickets, each in its own transaction with the actor's rights, so one ticket
 * refused (not visible, closed, a transition the lifecycle forbids) is reported and the others go on.
 */
export async function applyMacro(ctx: ServiceContext, actor: Actor, macroId: string, raw: z.input<typeof macroTicketsInput>) {
  requireRole(actor, AGENT_ROLES, 'Applying macros');
  const input = parseInput(macroTicketsInput, raw);
  const macro = await loadUsableMacro(ctx.db, actor, macroId);
  const actions = storedActions(macro.actions);
  if (!actions.length) throw invalid(`The macro “${macro.name}” has no action this server can run: edit it`);
  const ids = [...new Set(input.ticketIds)];
  const results: MacroApplyResult[] = new Array(ids.length);
  let next = 0;
  async function worker() {
    while (next < ids.length) {
      const i = next++;
      const ticketId = ids[i]!;
      try {
        results[i] = { ticketId, result: 'applied', ticket: await applyToTicket(ctx, actor, macro, actions, ticketId) };
      } catch (err) {
        if (!(err instanceof ServiceError) || err.code === 'INTERNAL' || err.code === 'UNAVAILABLE') throw err;
        results[i] = { ticketId, result: 'refused', error: { code: err.code, message: err.message } };
      }
    }
  }
  // PostgreSQL's pool runs a few tickets at once; PGlite has one connection.
  await Promise.all(Array.from({ length: ctx.driver === 'pg' ? CONCURRENCY : 1 }, worker));
  const applied = results.filter((r) => r.result === 'applied').length;
  if (applied) {
    await ctx.db
      .update(macros)
      .set({ useCount: sql`${macros.useCount} + ${applied}` })
      .where(eq(macros.id, macro.id));
  }
  return { applied, refused: results.length - applied, results };
}
