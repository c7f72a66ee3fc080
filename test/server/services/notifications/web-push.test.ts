import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRegistry } from '../../../../channels/types.ts';
import { appSettings, pushSubscriptions } from '../../../../server/db/schema/index.ts';
import { listPushSubscriptions } from '../../../../server/services/notifications/push-subscriptions.ts';
import { addNote } from '../../../../server/services/tickets/add-note.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { hold } from '../../../../server/services/tickets/hold.ts';
import { outboxHandlers } from '../../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker, type OutboxWorker } from '../../../../server/workers/outbox-worker.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';
import { startPushService, type PushService } from '../../../support/push-service.ts';

const { t } = contextWorld({ OUTBOX_POLL_MS: '60000' });
let push: PushService;
let worker: OutboxWorker;
beforeAll(async () => {
  push = await startPushService();
  const registry: ChannelRegistry = { email: null, widget: null, telegram: null, api: null };
  worker = createOutboxWorker(t.ctx, { handlers: outboxHandlers(t.ctx, { channels: registry }), topics: ['notification.push'] });
});
afterAll(() => push?.stop());

/** A browser's subscription as the console stores it (the stand-in speaks plain HTTP, so it is written directly). */
async function subscribedBrowser(userId: string) {
  const browser = push.browser();
  await t.ctx.db.insert(pushSubscriptions).values({ userId, endpoint: browser.endpoint, ...browser.keys });
  return browser;
}

describe('web push', () => {
  it('pushes a mention and an assignment to each of the user’s devices: VAPID-signed with the stored key, payload readable only by the browser', async () => {
    const lina = await buildActor(t.ctx, ['agent']);
    const wang = await buildActor(t.ctx, ['agent']);
    const phone = await subscribedBrowser(wang.id);
    await subscribedBrowser(wang.id);
    const { ticketId } = await buildTicket(t.ctx, { subject: 'Parcel lost' });
    await addNote(t.ctx, lina, ticketId, { text: `@${wang.name} the customer called again` });
    await assign(t.ctx, lina, ticketId, { assigneeId: wang.id });
    // A status change on a ticket Wang follows (he was mentioned) is a bell item, not a push.
    await hold(t.ctx, lina, ticketId, {});
    expect(await worker.drainOnce()).toMatchObject({ done: 4, failed: 0 });

    expect(push.errors).toEqual([]);
    const { publicKey } = await listPushSubscriptions(t.ctx, wang);
    const got = push.received.map((r) => ({ path: r.path, ...JSON.parse(r.payload) }));
    expect(got.map((g) => `${g.path === new URL(phone.endpoint).pathname ? 'phone' : 'laptop'} ${g.kind}`).sort()).toEqual([
      'laptop assignment',
      'laptop mention',
      'phone assignment',
      'phone mention',
    ]);
    expect(got.find((g) => g.kind === 'mention')).toMatchObject({
      title: expect.stringMatching(new RegExp(`^${lina.name} mentioned you on #\\d+$`)),
      body: expect.stringContaining('Parcel lost'),
      url: `/inbox/${ticketId}`,
    });
    for (const r of push.received) {
      expect(r.vapid.publicKey).toBe(publicKey);
      expect(r.vapid.aud).toBe(new URL(phone.endpoint).origin);
      expect(r.vapid.exp * 1000).toBeGreaterThan(Date.now());
      expect(r.headers.ttl).toBe('86400');
    }
    // The private key is stored sealed, never as plain text.
    const [stored] = await t.ctx.db.select().from(appSettings).where(eq(appSettings.key, 'web_push_vapid'));
    expect(stored!.secret).toMatch(/^v1:/);
  });

  it('drops a subscription the push service says is gone (410) and keeps the others', async () => {
    const lina = await buildActor(t.ctx, ['agent']);
    const wang = await buildActor(t.ctx, ['agent']);
    const gone = await subscribedBrowser(wang.id);
    const kept = await subscribedBrowser(wang.id);
    push.answer(gone.endpoint, 410);
    const { ticketId } = await buildTicket(t.ctx);
    await assign(t.ctx, lina, ticketId, { assigneeId: wang.id });
    expect(await worker.drainOnce()).toMatchObject({ done: 2 });
    const left = await t.ctx.db
      .select({ endpoint: pushSubscriptions.endpoint })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, wang.id));
    expect(left).toEqual([{ endpoint: kept.endpoint }]);
  });
});
