import { fieldsChangedText } from './custom-field-history.ts';
import { customerName } from './customer-name.ts';
import { formatDateTime } from './format.ts';
import { t, type MessageKey } from './i18n/index.svelte.ts';
import { directory } from './stores/directory.svelte.ts';
import type { TicketDetail, TicketEventView } from './types.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A history row in words, in the user's language, naming people and teams instead of ids; `count` for a folded run. */
export function describeEvent(e: TicketEventView, d: TicketDetail, count = 1): string {
  const person = (id: string | null | undefined) =>
    id ? (d.people[id] ?? directory.name(id) ?? t('history.someone')) : t('ticket.noAssignee');
  const team = (id: string | null | undefined, name?: unknown) =>
    id ? str(name) || directory.teamName(id) || (d.team?.id === id ? d.team.name : t('history.someone')) : t('ticket.noTeam');
  const status = (s: string | null) => (s ? t(`status.${s}` as MessageKey) : '');
  const priority = (p: string | null) => (p ? t(`priority.${p}` as MessageKey) : '');
  const metric = (m: string | null) => (m ? t(`sla.${m}` as MessageKey) : '');
  const data = e.data;

  switch (e.kind) {
    case 'created':
      return t('history.created', { channel: t(`channel.${str(data.channel) || d.ticket.channel}` as MessageKey) });
    case 'message_received':
    case 'replied':
    case 'note_added':
      return count > 1 ? t(`history.${e.kind}_many`, { count }) : t(`history.${e.kind}`);
    case 'delivery_retried':
      return t(`history.${e.kind}`);
    case 'status_changed':
      if (data.action === 'snooze') return t('history.snoozed', { time: formatDateTime(str(data.until)) });
      if (data.action === 'unsnooze') return t('history.unsnoozed');
      if (data.action === 'auto_close') return t('history.autoClosed', { count: Number(data.afterDays) || 0 });
      return t('history.status_changed', { from: status(e.from), to: status(e.to) });
    case 'reopened':
      return t('history.reopened', { from: status(e.from) });
    case 'assigned':
      return e.to
        ? t('history.assigned', { to: str(data.assigneeName) || person(e.to) })
        : t('history.unassigned', { from: person(e.from) });
    case 'transferred': {
      const to = data.toAssigneeId
        ? `${team(e.to, data.teamName)} / ${str(data.assigneeName) || person(str(data.toAssigneeId))}`
        : team(e.to, data.teamName);
      const text = t('history.transferred', { from: team(e.from), to });
      return data.note ? `${text}. ${t('history.note', { note: str(data.note) })}` : text;
    }
    case 'priority_changed':
      return t('history.priority_changed', { from: priority(e.from), to: priority(e.to) });
    case 'escalated':
      return t('history.escalated', { to: e.to ?? '', reason: str(data.reason) });
    case 'tagged':
      return t('history.tagged', { to: e.to ?? (Array.isArray(data.added) ? data.added.join(', ') : '') });
    case 'forwarded':
      return t('history.forwarded', { to: e.to ?? '' });
    case 'delivery_failed':
      return t('history.delivery_failed', { reason: str(data.error) });
    case 'routed':
      return t('history.routed', { rule: str(data.ruleName), to: team(e.to) });
    case 'sla_warning':
      return t('history.sla_warning', { metric: metric(e.to), time: data.dueAt ? formatDateTime(str(data.dueAt)) : '' });
    case 'sla_breached':
      return t('history.sla_breached', { metric: metric(e.to) });
    case 'csat_rated':
      return data.comment
        ? t('history.csat_rated_comment', { to: e.to ?? '', comment: str(data.comment) })
        : t('history.csat_rated', { to: e.to ?? '' });
    case 'merged':
    case 'split':
      return mergeOrSplit(e);
    case 'rule_fired':
      return t('history.rule_fired', { name: e.to ?? str(data.ruleName) });
    case 'macro_applied':
      return t('history.macro_applied', { name: e.to ?? str(data.macroName) });
    case 'linked':
    case 'unlinked':
      return t(`history.${e.kind}`, { number: num(data.number) });
    case 'fields_changed':
      return fieldsChangedText(data);
    default:
      return t('history.other', { kind: e.kind.replace(/_/g, ' ') });
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : '?');

function mergeOrSplit(e: TicketEventView): string {
  const d = e.data;
  const count = num(d.messages);
  if (e.kind === 'merged') {
    return d.role === 'target'
      ? t('history.merged_target', { number: num(d.sourceNumber), count })
      : t('history.merged_source', { number: num(d.targetNumber), count });
  }
  return d.role === 'new'
    ? t('history.split_new', { number: num(d.fromNumber) })
    : t('history.split_source', { number: num(d.newNumber), count });
}

export function eventActor(e: TicketEventView, d: TicketDetail): string {
  if (e.actorType === 'customer') return customerName(d.customer, t);
  if (e.actorType === 'system') {
    // A rule acts as the system actor "rule ‘X’" (server/services/automation/run-actions.ts): name the rule.
    const rule = /^rule ‘(.*)’$/.exec(typeof e.data.system === 'string' ? e.data.system : '');
    return rule ? t('history.byRule', { name: rule[1]! }) : t('history.bySystem');
  }
  return (e.actorId && (d.people[e.actorId] ?? directory.name(e.actorId))) || t('history.someone');
}
