import { z } from 'zod';

export const MAX_TAGS = 50;

/** One spelling per tag: "  VIP Customer " and "vip-customer" are the same tag on tickets and customers alike. */
export function normalizeTag(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^\p{L}\p{N}\-.:/]/gu, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
}

export const tagSchema = z
  .string()
  .max(100)
  .transform(normalizeTag)
  .refine((t) => t.length > 0, 'a tag needs at least one letter or digit');

export function mergeTags(current: readonly string[], add: readonly string[] = [], remove: readonly string[] = []): string[] {
  const removed = new Set(remove);
  const out = current.filter((t) => !removed.has(t));
  for (const t of add) if (!out.includes(t) && !removed.has(t)) out.push(t);
  return out;
}
