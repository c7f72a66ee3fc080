import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { insertNote, MAX_MESSAGE_TEXT } from './add-note.ts';
import { isTeamMember, requireAssignee, requireTeam } from './assignable.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentMessage, presentTicket } from './present.ts';
import { assertNotClosed } from './transitions.ts';

export const transferInput = z
  .strictObject({
    teamId: z.uuid().nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    note: z.string().trim().min(1).max(MAX_MESSAGE_TEXT).optional(),
  })
  .refine((v) => v.teamId !== undefined || v.assigneeId !== undefined, {
    message: 'give a teamId, an assigneeId, or both',
    path: ['teamId'],
  });

/**
 * Hands a ticket to another team and/or agent. Moving it to a team without naming an agent puts it back in
 * that team's queue (unassigned). The optional note becomes an internal note in the thread.
 */
export async function transfer(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof transferInput>) {
  const input = parseInput(transferInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Transferring a ticket', async (m) => {
    assertNotClosed(m.ticket, 'transfer it');
    const fromTeam = m.ticket.teamId;
    const fromAssignee = m.ticket.assigneeId;
    const toTeam = input.teamId !== undefined ? input.teamId : fromTeam;
    const toAssignee =
      input.assigneeId !== undefined ? input.assigneeId : input.teamId !== undefined && toTeam !== fromTeam ? null : fromAssignee;
    const team = toTeam && toTeam !== fromTeam ? await requireTeam(m.tx, toTeam) : null;
    const user = toAssignee && toAssignee !== fromAssignee ? await requireAssignee(m.tx, toAssignee) : null;
    if (toTeam && toAssignee && input.teamId && input.assigneeId && !(await isTeamMember(m.tx, toTeam, toAssignee))) {
      throw invalid('assigneeId: that agent is not a member of the team', [{ path: 'assigneeId', message: 'not a member of teamId' }]);
    }
    if (toTeam === fromTeam && toAssignee === fromAssignee && !input.note) return { ticket: presentTicket(m.ticket), note: null };

    await m.update({ teamId: toTeam, assigneeId: toAssignee }, 'transfer');
    const note = input.note ? await insertNote(m, input.note, { transfer: true }) : null;
    await m.record({
      kind: 'transferred',
      from: fromTeam,
      to: toTeam,
      data: {
        fromAssigneeId: fromAssignee,
        toAssigneeId: toAssignee,
        ...(team ? { teamName: team.name } : {}),
        ...(user ? { assigneeName: user.name } : {}),
        ...(input.note ? { note: input.note, noteMessageId: note!.id } : {}),
      },
    });
    const noteView = note ? presentMessage(note) : null;
    if (noteView) m.emit({ name: 'message.created', data: { ticket: m.view(), message: noteView } });
    return { ticket: presentTicket(m.ticket), note: noteView };
  });
}
