import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailSettingsSchema } from '../../../channels/email/settings.ts';
import { inboxes } from '../../../server/db/schema/index.ts';
import { buildWidgetInbox, connectWidget } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const { server, track } = widgetWorld();

/** A mailbox row (nothing listens on its ports: only whether one exists and is enabled matters here). */
async function buildMailbox(enabled = true) {
  const settings = emailSettingsSchema.parse({
    address: 'support@acme.test',
    imap: { host: '127.0.0.1', port: 9, secure: false, user: 'x' },
    smtp: { host: '127.0.0.1', port: 9, secure: false },
  });
  const [row] = await server.ctx.db.insert(inboxes).values({ channel: 'email', name: 'Acme Support', enabled, settings }).returning();
  return row!;
}

const welcome = async (inboxId: string, locale?: string) =>
  track(await connectWidget(server.url, { inboxId, ...(locale ? { locale } : {}) })).welcome;

describe('what the widget says while nobody is online', () => {
  it('without a mailbox it promises no email: the answer comes here, in the visitor’s language', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const en = await welcome(inbox.id, 'en-GB');
    expect(en.online).toBe(false);
    expect(en.away).toEqual({ askEmail: false, text: 'Leave us a message: we will answer here as soon as we are back.' });
    expect(en.away.text).not.toMatch(/email/i);
    expect((await welcome(inbox.id, 'zh-CN')).away).toEqual({ askEmail: false, text: '请给我们留言：客服回来后会在这里回复您。' });
  });

  it('with an enabled mailbox it asks for an email address; a disabled one does not count', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const mailbox = await buildMailbox(false);
    expect((await welcome(inbox.id)).away.askEmail).toBe(false);
    await server.ctx.db.update(inboxes).set({ enabled: true }).where(eq(inboxes.id, mailbox.id));
    expect((await welcome(inbox.id, 'en')).away).toEqual({
      askEmail: true,
      text: 'Nobody is online right now — leave your email and we will reply by email too.',
    });
    expect((await welcome(inbox.id, 'zh-CN')).away.text).toBe('目前没有客服在线——留下您的邮箱，我们也会通过邮件回复您。');
  });

  it('an inbox set to Chinese speaks Chinese to every visitor', async () => {
    const inbox = await buildWidgetInbox(server.ctx, { locale: 'zh-CN' });
    expect((await welcome(inbox.id, 'en-US')).away.text).toBe('请给我们留言：客服回来后会在这里回复您。');
  });
});
