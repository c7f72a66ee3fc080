import { locales, type Catalogs, type Message } from '../../server/locale/index.ts';

/** Every text of a message: the text itself, or each of its plural forms. */
export const messageForms = (m: Message | undefined): string[] =>
  m === undefined ? [] : typeof m === 'string' ? [m] : Object.values(m).filter((s) => s !== undefined);

const placeholders = (m: Message) =>
  [...new Set(messageForms(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort().join(', ');

/**
 * What is wrong with one surface's catalogs: a key missing or extra in a language, an empty text, or
 * placeholders that differ between languages (counted over all plural forms: "one customer waits" may leave
 * out the `{count}` its other forms have).
 */
export function catalogProblems<K extends string>(catalogs: Catalogs<K>): string[] {
  const problems: string[] = [];
  const keys = Object.keys(catalogs.en) as K[];
  for (const locale of locales) {
    const catalog: Partial<Record<K, Message>> = catalogs[locale] ?? {};
    for (const key of keys) {
      const message = catalog[key];
      if (message === undefined) problems.push(`${locale}: ${key} is missing`);
      else if (messageForms(message).some((s) => !s.trim())) problems.push(`${locale}: ${key} is empty`);
      else if (placeholders(message) !== placeholders(catalogs.en[key]))
        problems.push(`${locale}: ${key} has {${placeholders(message)}}, English {${placeholders(catalogs.en[key])}}`);
    }
    for (const key of Object.keys(catalog)) if (!(key in catalogs.en)) problems.push(`${locale}: ${key} is not in English`);
  }
  return problems;
}
