import { describe, expect, it } from 'vitest';
import { inboxes } from '../../../../server/db/schema/index.ts';
import { createCannedResponse } from '../../../../server/services/canned-responses/create-canned-response.ts';
import { deleteCannedResponse } from '../../../../server/services/canned-responses/delete-canned-response.ts';
import { listCannedResponses } from '../../../../server/services/canned-responses/list-canned-responses.ts';
import { renderCannedResponse } from '../../../../server/services/canned-responses/render-canned-response.ts';
import { updateCannedResponse } from '../../../../server/services/canned-responses/update-canned-response.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildInbound, buildTeam, buildTicket } from '../../../support/factories.ts';

const { t } = contextWorld();

const greeting = {
  shortcut: 'hello',
  title: 'Greeting',
  body: 'Hi {{customer.first_name}}, this is {{agent.name}} about #{{ticket.number}}.',
};

describe('canned responses', () => {
  it('an agent keeps personal responses that colleagues neither see nor change', async () => {
    const ana = await buildActor(t.ctx);
    const ben = await buildActor(t.ctx);
    const mine = await createCannedResponse(t.ctx, ana, greeting);
    expect(mine).toMatchObject({ scope: 'personal', ownerId: ana.id, shortcut: 'hello' });
    expect((await listCannedResponses(t.ctx, ana)).map((c) => c.id)).toEqual([mine.id]);
    expect(await listCannedResponses(t.ctx, ben)).toEqual([]);
    await expect(updateCannedResponse(t.ctx, ben, mine.id, { title: 'Mine now' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteCannedResponse(t.ctx, ben, mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Ben may use the same shortcut for his own.
    await createCannedResponse(t.ctx, ben, greeting);
  });

  it('only supervisors and admins create, edit or delete shared responses; everyone uses them', async () => {
    const agent = await buildActor(t.ctx, ['agent']);
    const supervisor = await buildActor(t.ctx, ['supervisor']);
    await expect(createCannedResponse(t.ctx, agent, { ...greeting, scope: 'shared' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const shared = await createCannedResponse(t.ctx, supervisor, { ...greeting, scope: 'shared' });
    expect(shared.ownerId).toBeNull();
    expect((await listCannedResponses(t.ctx, agent)).map((c) => c.id)).toEqual([shared.id]);
    await expect(updateCannedResponse(t.ctx, agent, shared.id, { body: 'changed' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteCannedResponse(t.ctx, agent, shared.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const own = await createCannedResponse(t.ctx, agent, { ...greeting, shortcut: 'mine' });
    await expect(updateCannedResponse(t.ctx, agent, own.id, { scope: 'shared' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await deleteCannedResponse(t.ctx, supervisor, shared.id);
    expect((await listCannedResponses(t.ctx, agent)).map((c) => c.id)).toEqual([own.id]);
  });

  it('refuses a role without ticket work (editor)', async () => {
    const editor = await buildActor(t.ctx, ['editor']);
    await expect(createCannedResponse(t.ctx, editor, greeting)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listCannedResponses(t.ctx, editor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('names the bad field: unknown placeholder, spaces in a shortcut, duplicate shortcut', async () => {
    const agent = await buildActor(t.ctx);
    await expect(createCannedResponse(t.ctx, agent, { ...greeting, body: 'Hi {{customer.nmae}}' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/body: unknown placeholder \{\{customer\.nmae\}\}/),
    });
    await expect(createCannedResponse(t.ctx, agent, { ...greeting, shortcut: 'two words' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('shortcut'),
    });
    await createCannedResponse(t.ctx, agent, greeting);
    await expect(createCannedResponse(t.ctx, agent, { ...greeting, shortcut: 'HELLO' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('/hello'),
    });
    expect(await listCannedResponses(t.ctx, agent)).toHaveLength(1);
  });

  it('fills placeholders for a ticket the agent may see, including Chinese names', async () => {
    const agent = await buildActor(t.ctx);
    const canned = await createCannedResponse(t.ctx, agent, greeting);
    const ticket = await buildTicket(t.ctx, { sender: { externalId: 'li@example.cn', displayName: '李雷' } });
    const { text } = await renderCannedResponse(t.ctx, agent, canned.id, ticket.ticketId);
    expect(text).toBe(`Hi 李雷, this is ${agent.name} about #${ticket.ticketNumber}.`);
  });

  it('does not render for a ticket of a team the agent is not in', async () => {
    const agent = await buildActor(t.ctx);
    const canned = await createCannedResponse(t.ctx, agent, greeting);
    const team = await buildTeam(t.ctx);
    const [inbox] = await t.ctx.db.insert(inboxes).values({ channel: 'api', name: 'x', teamId: team.id }).returning();
    const hidden = await buildTicket(t.ctx, buildInbound({ inboxId: inbox!.id }));
    await expect(renderCannedResponse(t.ctx, agent, canned.id, hidden.ticketId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
