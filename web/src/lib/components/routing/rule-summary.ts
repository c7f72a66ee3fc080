import type { Schema } from '$lib/api.ts';
import { t } from '$lib/i18n/index.svelte.ts';

type RuleView = Schema<'RoutingRule'>;

/** "Channel: Email · keywords: refund" — what a rule looks at, in the user's language. */
export function conditionText(rule: RuleView, inboxName: (id: string) => string): string {
  const c = rule.conditions;
  const parts = [
    c.channels?.length ? `${t('routing.channels')}: ${c.channels.map((ch) => t(`channel.${ch}`)).join(', ')}` : '',
    c.inboxIds?.length ? `${t('routing.inboxes')}: ${c.inboxIds.map(inboxName).join(', ')}` : '',
    c.keywords?.length ? `${t('routing.keywords')}: ${c.keywords.join(', ')}` : '',
    c.customerTags?.length ? `${t('routing.customerTags')}: ${c.customerTags.join(', ')}` : '',
    c.customerTiers?.length ? `${t('routing.customerTiers')}: ${c.customerTiers.join(', ')}` : '',
    c.languages?.length ? `${t('routing.languages')}: ${c.languages.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('routing.everyTicket');
}

export function actionText(rule: RuleView, teamName: (id: string) => string | null): string {
  const a = rule.actions;
  return [
    a.teamId ? `→ ${teamName(a.teamId) ?? '?'}` : '',
    a.priority ? `${t('routing.priority')}: ${t(`priority.${a.priority}`)}` : '',
    a.tags?.length ? `${t('routing.tags')}: ${a.tags.join(', ')}` : '',
    a.skills?.length ? `${t('routing.skills')}: ${a.skills.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
