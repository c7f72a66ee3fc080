import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inboxes } from '../../../../server/db/schema/index.ts';
import { bootstrapWidgetInbox, DEFAULT_WIDGET_INBOX_NAME } from '../../../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { loadWidgetInbox } from '../../../../channels/widget/inbox.ts';
import { contextWorld } from '../../../support/context-world.ts';

const { t } = contextWorld();

const widgetInboxes = () => t.ctx.db.select().from(inboxes).where(eq(inboxes.channel, 'widget'));

describe('the default widget inbox of a fresh install', () => {
  it('is created once with default settings and a generated identity secret', async () => {
    const id = await bootstrapWidgetInbox(t.ctx, { force: true });
    expect(id).toBeTruthy();
    const [row] = await widgetInboxes();
    expect(row).toMatchObject({ id, name: DEFAULT_WIDGET_INBOX_NAME, enabled: true });
    const inbox = await loadWidgetInbox(t.ctx, id);
    expect(inbox!.settings).toMatchObject({ color: '#1f6feb', position: 'right', allowedOrigins: [] });
    expect(inbox!.identitySecret).toMatch(/^[0-9a-f]{64}$/);

    expect(await bootstrapWidgetInbox(t.ctx, { force: true })).toBeNull();
    expect(await widgetInboxes()).toHaveLength(1);
  });

  it('is not recreated after an admin deleted it, nor added beside an existing widget inbox', async () => {
    await bootstrapWidgetInbox(t.ctx, { force: true });
    await t.ctx.db.delete(inboxes).where(eq(inboxes.channel, 'widget'));
    expect(await bootstrapWidgetInbox(t.ctx, { force: true })).toBeNull();
    expect(await widgetInboxes()).toHaveLength(0);

    await t.reset();
    await t.ctx.db.insert(inboxes).values({ channel: 'widget', name: 'Shop chat' });
    expect(await bootstrapWidgetInbox(t.ctx, { force: true })).toBeNull();
    expect((await widgetInboxes()).map((r) => r.name)).toEqual(['Shop chat']);
  });

  it('two nodes starting at once create one inbox', async () => {
    const ids = await Promise.all([bootstrapWidgetInbox(t.ctx, { force: true }), bootstrapWidgetInbox(t.ctx, { force: true })]);
    expect(ids.filter(Boolean)).toHaveLength(1);
    expect(await widgetInboxes()).toHaveLength(1);
  });

  it('leaves test servers empty unless a test asks for it', async () => {
    expect(await bootstrapWidgetInbox(t.ctx)).toBeNull();
    expect(await widgetInboxes()).toHaveLength(0);
  });
});
