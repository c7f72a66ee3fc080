import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cursorKey, readCursor } from '../../../channels/email/cursor.ts';
import { ImapPoller } from '../../../channels/email/imap-poller.ts';
import type { EmailInbox } from '../../../channels/email/inbox.ts';
import { messages, tickets } from '../../../server/db/schema/index.ts';
import { contextWorld } from '../../support/context-world.ts';
import { buildEmailInbox, customerMail, waitFor } from '../../support/email.ts';
import { dovecotStandIn } from '../../support/mail-world.ts';
import { buildTeam } from '../../support/factories.ts';
import { buildRule, drainRules, firingsOf, historyKinds } from '../../server/services/automation/harness.ts';

const { t } = contextWorld();
const dovecot = dovecotStandIn();

/** Runs a real poller over the inbox's mailbox until every UID appended so far is committed, then stops it. */
async function poll(inbox: EmailInbox, lastUid: number) {
  const poller = new ImapPoller(t.ctx, inbox);
  poller.start();
  try {
    const key = cursorKey(inbox.id, inbox.settings.mailbox);
    await waitFor(async () => ((await readCursor(t.ctx, key))?.lastUid ?? 0) >= lastUid, `UID ${lastUid} committed`);
  } finally {
    await poller.stop();
  }
}

const bySubject = async (subject: string) => (await t.ctx.db.select().from(tickets).where(eq(tickets.subject, subject)))[0]!;

describe('an automation rule on mail read over real IMAP', () => {
  it('mail from @vip.example.com gets priority high, team VIP and tag vip once, through a restart of the poller', async () => {
    const team = await buildTeam(t.ctx, { name: 'VIP' });
    await buildRule(t.ctx, {
      name: 'VIP mail',
      events: ['ticket.created'],
      conditions: { match: 'all', conditions: [{ field: 'sender.domain', op: 'in', value: ['vip.example.com'] }] },
      actions: [
        { type: 'set_priority', priority: 'high' },
        { type: 'assign_team', teamId: team.id },
        { type: 'add_tags', tags: ['vip'] },
      ],
    });
    const mailbox = 'VipRules';
    await dovecot.append(customerMail(1, { from: 'boss@mail.vip.example.com', subject: 'Contract renewal' }), mailbox);
    const last = await dovecot.append(customerMail(2, { from: 'joe@example.com', subject: 'Where is my parcel' }), mailbox);
    const inbox = await buildEmailInbox(t.ctx, dovecot, { mailbox });
    await poll(inbox, last);
    await drainRules(t.ctx);

    const vip = await bySubject('Contract renewal');
    expect([vip.channel, vip.priority, vip.teamId, vip.tags]).toEqual(['email', 'high', team.id, ['vip']]);
    const other = await bySubject('Where is my parcel');
    expect([other.priority, other.tags]).toEqual(['normal', []]);

    // The customer answers in the same thread and the poller restarts (as after a crash): the same ticket, the rule
    // does not fire again for it (it listens to ticket.created), and nothing is doubled.
    const answer = customerMail(3, {
      from: 'boss@mail.vip.example.com',
      subject: 'Re: Contract renewal',
      headers: [`In-Reply-To: ${(await t.ctx.db.select().from(tickets).where(eq(tickets.id, vip.id)))[0]!.threadKey}`],
    });
    const uid = await dovecot.append(answer, mailbox);
    await poll(inbox, uid);
    await poll(inbox, uid);
    await drainRules(t.ctx);
    expect(await t.ctx.db.$count(tickets, eq(tickets.customerId, vip.customerId))).toBe(1);
    expect(await t.ctx.db.$count(messages, eq(messages.ticketId, vip.id))).toBe(2);
    expect(await historyKinds(t.ctx, vip.id, 'rule_fired')).toHaveLength(1);
    expect((await firingsOf(t.ctx, vip.id)).map((f) => f.outcome)).toEqual(['done']);
    expect((await bySubject('Contract renewal')).tags).toEqual(['vip']);
    expect(await firingsOf(t.ctx, other.id)).toEqual([]);
  });
});
