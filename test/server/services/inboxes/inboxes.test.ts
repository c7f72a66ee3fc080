import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bootstrapEmailInbox } from '../../../../channels/email/bootstrap.ts';
import { recordFailedMail } from '../../../../channels/email/failed-mail.ts';
import { retryFailedMail } from '../../../../channels/email/retry-failed-mail.ts';
import { loadConfig } from '../../../../server/config.ts';
import { auditLog, emailSuppressions, failedMail, inboxes, tickets } from '../../../../server/db/schema/index.ts';
import { createInbox } from '../../../../server/services/inboxes/create-inbox.ts';
import { deleteInbox } from '../../../../server/services/inboxes/delete-inbox.ts';
import { liftSuppression } from '../../../../server/services/inboxes/failed-mail/lift-suppression.ts';
import { listFailedMail } from '../../../../server/services/inboxes/failed-mail/list-failed-mail.ts';
import { getInbox, listInboxes } from '../../../../server/services/inboxes/list-inboxes.ts';
import { updateInbox } from '../../../../server/services/inboxes/update-inbox.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { fixture } from '../../../support/email.ts';
import { buildActor, buildTeam } from '../../../support/factories.ts';

const { t } = contextWorld();

const emailInput = (over: Record<string, unknown> = {}) => ({
  channel: 'email' as const,
  name: 'Support',
  settings: {
    address: 'help@acme.example',
    imap: { host: 'imap.acme.example', user: 'help' },
    smtp: { host: 'smtp.acme.example', user: 'help' },
  },
  secrets: { imapPassword: 'imap-secret-1', smtpPassword: 'smtp-secret-1' },
  ...over,
});

describe('inbox admin service', () => {
  it('creates an email inbox with defaults, seals the passwords and never returns them', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    const team = await buildTeam(t.ctx);
    const inbox = await createInbox(t.ctx, admin, emailInput({ teamId: team.id }));
    expect(inbox).toMatchObject({
      channel: 'email',
      name: 'Support',
      teamId: team.id,
      enabled: true,
      secretsSet: ['imapPassword', 'smtpPassword'],
    });
    expect(inbox.settings).toMatchObject({ mailbox: 'INBOX', afterIngest: 'seen', imap: { port: 993, secure: true } });
    expect(JSON.stringify(inbox)).not.toContain('secret-1');
    const [row] = await t.ctx.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(row!.secrets).not.toContain('secret-1');
    expect(JSON.parse(t.ctx.secrets.open(row!.secrets!))).toEqual({ imapPassword: 'imap-secret-1', smtpPassword: 'smtp-secret-1' });
    expect(JSON.stringify(await listInboxes(t.ctx, admin))).not.toContain('secret-1');
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, inbox.id));
    expect(audit).toMatchObject({ action: 'inbox.created', actorId: admin.id });
    expect(JSON.stringify(audit!.data)).not.toContain('secret');
  });

  it('refuses bad settings naming the field, and writes nothing', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    const bad = emailInput();
    (bad.settings.imap as Record<string, unknown>).host = '';
    await expect(createInbox(t.ctx, admin, bad)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('settings.imap.host'),
    });
    await expect(createInbox(t.ctx, admin, emailInput({ secrets: {} }))).rejects.toMatchObject({
      message: expect.stringContaining('secrets.imapPassword'),
    });
    await expect(
      createInbox(t.ctx, admin, emailInput({ settings: { ...emailInput().settings, afterIngest: 'move' } })),
    ).rejects.toMatchObject({
      message: expect.stringContaining('settings.moveTo'),
    });
    await expect(createInbox(t.ctx, admin, emailInput({ teamId: '00000000-0000-4000-8000-000000000000' }))).rejects.toMatchObject({
      message: expect.stringContaining('teamId'),
    });
    expect(await t.ctx.db.$count(inboxes)).toBe(0);
  });

  it('lets only admins create, change, read or delete inboxes', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    const inbox = await createInbox(t.ctx, admin, emailInput());
    for (const role of ['agent', 'supervisor', 'editor'] as const) {
      const actor = await buildActor(t.ctx, [role]);
      await expect(createInbox(t.ctx, actor, emailInput())).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(updateInbox(t.ctx, actor, inbox.id, { enabled: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(deleteInbox(t.ctx, actor, inbox.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(listInboxes(t.ctx, actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(retryFailedMail(t.ctx, actor, inbox.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await getInbox(t.ctx, admin, inbox.id)).enabled).toBe(true);
  });

  it('merges a partial update: nested settings keep their siblings, omitted secrets stay, null removes one', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    const inbox = await createInbox(t.ctx, admin, emailInput());
    const updated = await updateInbox(t.ctx, admin, inbox.id, {
      name: 'Billing',
      settings: { imap: { port: 1993 } },
      secrets: { smtpPassword: null },
    });
    expect(updated).toMatchObject({
      name: 'Billing',
      settings: { imap: { host: 'imap.acme.example', user: 'help', port: 1993 } },
      secretsSet: ['imapPassword'],
    });
    await expect(updateInbox(t.ctx, admin, inbox.id, { secrets: { imapPassword: null } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(updateInbox(t.ctx, admin, 'not-a-uuid', { enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await deleteInbox(t.ctx, admin, inbox.id);
    await expect(getInbox(t.ctx, admin, inbox.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('bootstraps one email inbox from the environment on first start only', async () => {
    const env = {
      EMAIL_ADDRESS: 'desk@acme.example',
      EMAIL_IMAP_URL: 'imaps://desk%40acme.example:p%40ss@imap.acme.example',
      EMAIL_SMTP_URL: 'smtp://desk:p2@smtp.acme.example:2525',
    };
    const ctx = { ...t.ctx, config: loadConfig({ ...t.ctx.config, ...env } as unknown as Record<string, string>) };
    const id = await bootstrapEmailInbox(ctx);
    expect(await bootstrapEmailInbox(ctx)).toBeNull();
    const [row] = await t.ctx.db.select().from(inboxes);
    expect(row!.id).toBe(id);
    expect(row!.settings).toMatchObject({
      address: 'desk@acme.example',
      imap: { host: 'imap.acme.example', port: 993, secure: true, user: 'desk@acme.example' },
      smtp: { port: 2525, secure: false, user: 'desk' },
    });
    expect(JSON.parse(t.ctx.secrets.open(row!.secrets!))).toEqual({ imapPassword: 'p@ss', smtpPassword: 'p2' });
  });

  it('creates one inbox when several app nodes start together', async () => {
    const env = {
      EMAIL_ADDRESS: 'desk@acme.example',
      EMAIL_IMAP_URL: 'imaps://desk:p@imap.acme.example',
      EMAIL_SMTP_URL: 'smtp://desk:p2@smtp.acme.example:2525',
    };
    const ctx = { ...t.ctx, config: loadConfig({ ...t.ctx.config, ...env } as unknown as Record<string, string>) };
    const ids = await Promise.all([1, 2, 3, 4].map(() => bootstrapEmailInbox(ctx)));
    expect(ids.filter(Boolean)).toHaveLength(1);
    expect(await t.ctx.db.$count(inboxes)).toBe(1);
  });
});

describe('could-not-process list and bounce pauses', () => {
  it('retries a kept mail into a ticket, and counts another failure with its reason', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    const inbox = await createInbox(t.ctx, admin, emailInput());
    const kept = await recordFailedMail(
      t.ctx,
      { inboxId: inbox.id, mailbox: 'INBOX', uid: 4 },
      fixture('plain.eml'),
      'database was unavailable',
    );
    const broken = await recordFailedMail(t.ctx, { inboxId: inbox.id, mailbox: 'INBOX', uid: 5 }, fixture('malformed.eml'), 'no sender');
    expect((await listFailedMail(t.ctx, admin, { status: 'failed' })).map((m) => m.id).sort()).toEqual([kept.id, broken.id].sort());

    const ok = await retryFailedMail(t.ctx, admin, kept.id);
    expect(ok.mail).toMatchObject({ status: 'resolved', ticketId: expect.any(String) });
    const [ticket] = await t.ctx.db.select().from(tickets);
    expect(ticket).toMatchObject({ subject: 'Printer does not print', inboxId: inbox.id });

    const again = await retryFailedMail(t.ctx, admin, broken.id);
    expect(again.mail).toMatchObject({ status: 'failed', attempts: 2 });
    expect(again.mail.reason).toContain('no valid sender address');
    expect(await t.ctx.db.$count(failedMail)).toBe(2);
  });

  it('lifts a bounce pause for admins only', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    await t.ctx.db
      .insert(emailSuppressions)
      .values({ address: 'gone@customer.example', reason: '5.1.1', until: new Date(Date.now() + 3_600_000) });
    await expect(liftSuppression(t.ctx, await buildActor(t.ctx, ['agent']), 'gone@customer.example')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await liftSuppression(t.ctx, admin, 'Gone@Customer.example');
    expect(await t.ctx.db.$count(emailSuppressions)).toBe(0);
  });
});
