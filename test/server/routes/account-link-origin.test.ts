import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../../server/db/schema/index.ts';
import { accountMailWorld, linkInMail } from '../../support/account-mail.ts';
import { buildPasswordUser, fromIp } from '../../support/auth.ts';
import { buildTokenUser } from '../../support/http.ts';
import { smtpSinkStandIn } from '../../support/mail-world.ts';
import { routeWorld } from '../../support/route-world.ts';

// No PUBLIC_URL: where do the links in account mails point?
const { t, app } = routeWorld({ OUTBOX_POLL_MS: '60000' });
const sink = smtpSinkStandIn();
const mail = accountMailWorld(() => t.ctx, sink);

describe('links in account mails without PUBLIC_URL', () => {
  it('a forgot-password request never builds a link from its own Host: nothing is mailed and the outbox says to set PUBLIC_URL', async () => {
    await mail.mailbox();
    const { email } = await buildPasswordUser(t.ctx);
    const res = await app.request(
      'http://evil.example/api/auth/forgot-password',
      { method: 'POST', headers: { 'content-type': 'application/json', host: 'evil.example' }, body: JSON.stringify({ email }) },
      fromIp('10.0.0.4'),
    );
    expect(res.status).toBe(202);
    await mail.send();
    expect(sink.received).toHaveLength(0);
    const [job] = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'account.email'));
    expect(job).toMatchObject({ status: 'failed' });
    expect(job!.lastError).toMatch(/Set PUBLIC_URL/);
  });

  it('an invitation an admin sends links to the console address the admin used', async () => {
    await mail.mailbox();
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const res = await app.request('http://desk.internal:3000/api/invitations', {
      method: 'POST',
      headers: admin.headers,
      body: JSON.stringify({ email: 'kai@example.com', roles: ['agent'] }),
    });
    expect(res.status).toBe(201);
    await mail.send();
    expect(linkInMail(sink, 'kai@example.com', 'invite')).toMatch(/^http:\/\/desk\.internal:3000\/invite\/[0-9a-f-]{36}_[\w-]+$/);
  });
});
