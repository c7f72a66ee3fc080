import type { MessageKey } from './i18n/en.ts';

type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

/**
 * A stable number from 1000 to 9999 for a customer who never said who they are (FNV-1a over the customer's id):
 * every screen and every agent calls the same anonymous web-chat visitor "Visitor 4821".
 */
export function visitorNumber(customerId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return 1000 + ((hash >>> 0) % 9000);
}

/**
 * What the console calls a customer: their name, else their email address or phone number, else "Visitor 4821"
 * ("访客 4821"). The one place this rule lives; the API keeps the raw fields (a name may still come later).
 */
export function customerName(c: { id: string; name?: string | null; email?: string | null; phone?: string | null }, t: Translate): string {
  return c.name || c.email || c.phone || t('customer.visitor', { number: visitorNumber(c.id) });
}
