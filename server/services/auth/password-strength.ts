import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's 0-4 guessability score a password needs (3: "safely unguessable", about 10^8 guesses or more). */
export const MIN_PASSWORD_SCORE = 3;

const commonWarnings = new Set(['topTen', 'topHundred', 'common', 'similarToCommon']);

let checker: ZxcvbnFactory | null = null;
// Built on first use: the dictionaries take a moment to load and most processes never set a password.
const zxcvbn = () => (checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

export type PasswordWeakness = 'too common' | 'too easy to guess';

/**
 * Why a password is refused beyond its length, or null: one found on lists of common and breached passwords
 * (or a small change of one) is "too common"; anything else a guesser would try early is "too easy to guess".
 * `related` are words an attacker knows about the user (their email, name).
 */
export function passwordWeakness(password: string, related: string[] = []): PasswordWeakness | null {
  const result = zxcvbn().check(password.slice(0, 100), related.filter(Boolean));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning ?? '';
  const wholeCommon =
    result.sequence.length === 1 && result.sequence[0]!.pattern === 'dictionary' && 'dictionaryName' in result.sequence[0]!
      ? result.sequence[0].dictionaryName === 'passwords-common'
      : false;
  return commonWarnings.has(warning) || wholeCommon ? 'too common' : 'too easy to guess';
}

export const weaknessMessage = (field: string, weakness: PasswordWeakness): string =>
  weakness === 'too common'
    ? `${field} is too common: it is on lists of leaked and often-used passwords`
    : `${field} is too easy to guess: use a longer phrase of unrelated words`;
