import type { ChannelKind, RoutingConditions, routingRules } from '../../db/schema/index.ts';

type RuleRow = typeof routingRules.$inferSelect;

/** What rules may look at: the ticket, its first message and the customer behind it. */
export interface RoutingFacts {
  channel: ChannelKind;
  inboxId: string | null;
  subject: string;
  body: string;
  customerTags: readonly string[];
  customerTier: string | null;
  language: string | null;
}

const lower = (s: string) => s.toLowerCase();
const anyOf = (wanted: readonly string[] | undefined, test: (w: string) => boolean) => !wanted?.length || wanted.some(test);

/** Primary language subtags compare: 'de' matches 'de-AT', 'pt-BR' matches only 'pt-BR'. */
function languageMatches(wanted: string, actual: string | null): boolean {
  if (!actual) return false;
  const w = lower(wanted.replace('_', '-'));
  const a = lower(actual.replace('_', '-'));
  return a === w || a.startsWith(`${w}-`);
}

export function conditionsHold(c: RoutingConditions, f: RoutingFacts): boolean {
  const text = lower(`${f.subject}\n${f.body}`);
  const tags = new Set(f.customerTags.map(lower));
  return (
    anyOf(c.channels, (ch) => ch === f.channel) &&
    anyOf(c.inboxIds, (id) => id === f.inboxId) &&
    anyOf(c.keywords, (k) => text.includes(lower(k))) &&
    anyOf(c.customerTags, (t) => tags.has(lower(t))) &&
    anyOf(c.customerTiers, (t) => !!f.customerTier && lower(t) === lower(f.customerTier)) &&
    anyOf(c.languages, (l) => languageMatches(l, f.language))
  );
}

/** The first enabled rule, by position, whose conditions all hold. */
export function firstMatchingRule(rules: readonly RuleRow[], facts: RoutingFacts): RuleRow | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime());
  return ordered.find((r) => r.enabled && conditionsHold(r.conditions, facts)) ?? null;
}
