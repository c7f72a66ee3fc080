import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { tickets } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { blockCustomer } from '../customers/block-customer.ts';
import { setCustomerFields, setTicketFields } from '../custom-fields/set-fields.ts';
import { enqueueWebhookCall } from '../webhooks/enqueue-call.ts';
import { addFollowers } from '../notifications/follow.ts';
import { addNote } from '../tickets/add-note.ts';
import { assign } from '../tickets/assign.ts';
import { requireAssignee } from '../tickets/assignable.ts';
import { close } from '../tickets/close.ts';
import { escalate } from '../tickets/escalate.ts';
import { hold } from '../tickets/hold.ts';
import { reopen } from '../tickets/reopen.ts';
import { resolve } from '../tickets/resolve.ts';
import { setPriority } from '../tickets/set-priority.ts';
import { snooze } from '../tickets/snooze.ts';
import { tag } from '../tickets/tag.ts';
import { assignAgent, assignTeam } from './assign-actions.ts';
import { emailStaff, sendReply } from './message-actions.ts';
import type { ActionOutcome } from './outcome.ts';
import type { Action } from './schema.ts';

type TicketRow = typeof tickets.$inferSelect;

export interface ActionEnv {
  /** A context whose verbs run inside `tx` (tx-context.ts). */
  ctx: ServiceContext;
  tx: Tx;
  actor: Actor;
  /** The ticket as it is now (reloaded before each action). */
  ticket: TicketRow;
  /** The message that triggered the rule was automated (auto-reply, bounce): nothing answers it. */
  automatedTrigger: boolean;
  /** Names this firing's side effects (outbox dedupe keys). */
  key: string;
}

const done: ActionOutcome = { status: 'done' };
const unchanged = (detail: string): ActionOutcome => ({ status: 'unchanged', detail });

/** One action through the existing ticket verbs; a verb's refusal (closed ticket, unknown agent) throws. */
export async function executeAction(env: ActionEnv, a: Action): Promise<ActionOutcome> {
  const { ctx, tx, actor, ticket: t } = env;
  switch (a.type) {
    case 'assign_agent':
      return assignAgent(ctx, tx, actor, t, a.userId);
    case 'assign_team':
      return assignTeam(ctx, tx, actor, t, a.teamId);
    case 'unassign':
      if (!t.assigneeId) return unchanged('not assigned');
      await assign(ctx, actor, t.id, { assigneeId: null });
      return done;
    case 'set_priority':
      if (t.priority === a.priority) return unchanged(`already ${a.priority}`);
      await setPriority(ctx, actor, t.id, { priority: a.priority });
      return { status: 'done', detail: `${t.priority} → ${a.priority}` };
    case 'set_status':
      return setStatus(env, a.status);
    case 'add_tags': {
      const missing = a.tags.filter((x) => !t.tags.includes(x));
      if (!missing.length) return unchanged('already tagged');
      await tag(ctx, actor, t.id, { add: missing });
      return { status: 'done', detail: missing.join(', ') };
    }
    case 'remove_tags': {
      const present = a.tags.filter((x) => t.tags.includes(x));
      if (!present.length) return unchanged('no such tags');
      await tag(ctx, actor, t.id, { remove: present });
      return { status: 'done', detail: present.join(', ') };
    }
    case 'add_note':
      await addNote(ctx, actor, t.id, { text: a.text });
      return done;
    case 'send_reply':
      return sendReply(ctx, tx, actor, t, a, env.automatedTrigger);
    case 'email_user':
    case 'email_team':
      return emailStaff(tx, actor, t, a, `${env.key}:${a.type}`);
    case 'escalate':
      if (t.status === 'closed') return { status: 'skipped', detail: 'the ticket is closed' };
      await escalate(ctx, actor, t.id, { reason: a.reason });
      return done;
    case 'mark_spam':
      if (t.spam) return unchanged('already spam');
      await blockCustomer(ctx, actor, t.customerId);
      return { status: 'done', detail: 'customer blocked; their open tickets moved to Spam' };
    case 'snooze':
      if (t.status === 'closed' || t.status === 'resolved') return { status: 'skipped', detail: `the ticket is ${t.status}` };
      await snooze(ctx, actor, t.id, { until: new Date(ctx.now().getTime() + a.hours * 3_600_000).toISOString() });
      return done;
    case 'set_field': {
      const values = { [a.key]: a.value };
      const now = ctx.now();
      const { changes } =
        a.entity === 'ticket'
          ? await setTicketFields(tx, actor, t.id, values, { now })
          : await setCustomerFields(tx, actor, t.customerId, values, { now });
      return changes.length ? { status: 'done', detail: `${a.key} = ${JSON.stringify(a.value)}` } : unchanged(`${a.key} already so`);
    }
    case 'call_webhook': {
      const payload = {
        ticket: { id: t.id, number: t.number, subject: t.subject, status: t.status, priority: t.priority, channel: t.channel },
      };
      const queued = await enqueueWebhookCall(tx, {
        subscriptionId: a.subscriptionId,
        event: 'rule.webhook',
        eventId: env.key,
        payload,
        now: ctx.now(),
      });
      return queued ? done : { status: 'skipped', detail: 'the webhook subscription is missing or switched off' };
    }
    case 'add_follower':
      await requireAssignee(tx, a.userId, 'userId');
      await addFollowers(tx, t.id, [a.userId]);
      return done;
  }
}

async function setStatus(env: ActionEnv, to: 'open' | 'pending' | 'resolved' | 'closed'): Promise<ActionOutcome> {
  const { ctx, actor, ticket: t } = env;
  if (t.status === to) return unchanged(`already ${to}`);
  if (t.status === 'closed') return { status: 'skipped', detail: 'a closed ticket stays closed' };
  if (to === 'open') {
    if (t.status === 'new') return unchanged('new tickets open when answered');
    await reopen(ctx, actor, t.id);
  } else if (to === 'pending') await hold(ctx, actor, t.id);
  else if (to === 'resolved') await resolve(ctx, actor, t.id);
  else await close(ctx, actor, t.id);
  return { status: 'done', detail: `${t.status} → ${to}` };
}
