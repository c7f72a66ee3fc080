/** The values a canned response may insert; `{{customer.name}}` and friends. Pure: no imports, no I/O. */
export const placeholderNames = [
  'customer.name',
  'customer.first_name',
  'customer.email',
  'agent.name',
  'agent.first_name',
  'ticket.number',
  'ticket.subject',
] as const;
export type PlaceholderName = (typeof placeholderNames)[number];
export type PlaceholderValues = Record<PlaceholderName, string>;

const PATTERN = /\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}/g;

/** Names used in `body` that are not known placeholders (so a typo is refused when saving, not sent to a customer). */
export function unknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const [, name] of body.matchAll(PATTERN)) {
    if (!(placeholderNames as readonly string[]).includes(name!)) unknown.add(name!);
  }
  return [...unknown];
}

export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  return body.replace(PATTERN, (whole, name: string) => (name in values ? values[name as PlaceholderName] : whole));
}

/** "Wang Xiaoming" -> "Wang"; CJK names without spaces stay whole. */
export const firstName = (full: string) => full.trim().split(/\s+/)[0] ?? '';
