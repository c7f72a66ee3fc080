import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { setPresence } from '../../../../server/services/presence/set-presence.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor } from '../../../support/factories.ts';

const { t } = contextWorld();
const announced: unknown[] = [];
beforeAll(() => {
  t.ctx.events.on('presence.changed', (e) => announced.push(e));
});
beforeEach(() => {
  announced.length = 0;
});

const stored = async (id: string) => (await t.ctx.db.select().from(users).where(eq(users.id, id)))[0]!;

describe('setPresence', () => {
  it('persists the user’s own status and announces it after commit', async () => {
    const me = await buildActor(t.ctx);
    const result = await setPresence(t.ctx, me, me.id, { presence: 'away' });
    expect(result).toEqual({ presence: 'away', changed: true });
    expect((await stored(me.id)).presence).toBe('away');
    expect(announced).toEqual([expect.objectContaining({ userId: me.id, presence: 'away' })]);
  });

  it('refuses setting a colleague’s presence, even for an admin', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    const other = await buildActor(t.ctx);
    await expect(setPresence(t.ctx, admin, other.id, { presence: 'offline' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await stored(other.id)).presence).toBe('offline');
    await setPresence(t.ctx, admin, admin.id, { presence: 'online' });
    await expect(setPresence(t.ctx, admin, other.id, { presence: 'online' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await stored(other.id)).presence).toBe('offline');
  });

  it('lets the system apply the grace period, and onlyIf keeps a chosen status', async () => {
    const me = await buildActor(t.ctx);
    await setPresence(t.ctx, me, me.id, { presence: 'away' });
    const back = await setPresence(t.ctx, me, me.id, { presence: 'online', onlyIf: ['offline'] });
    expect(back).toEqual({ presence: 'away', changed: false });
    const gone = await setPresence(t.ctx, systemActor('presence'), me.id, { presence: 'offline' });
    expect(gone.changed).toBe(true);
    expect((await stored(me.id)).presence).toBe('offline');
  });

  it('names the bad field and does not announce an unchanged status', async () => {
    const me = await buildActor(t.ctx);
    await expect(setPresence(t.ctx, me, me.id, { presence: 'busy' as never })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('presence'),
    });
    expect((await setPresence(t.ctx, me, me.id, { presence: 'offline' })).changed).toBe(false);
    expect(announced).toEqual([]);
  });
});
