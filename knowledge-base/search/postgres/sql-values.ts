/** A PostgreSQL array literal passed as one text parameter: identical on node-postgres and PGlite. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** A lexeme as a tsquery operand, optionally restricted to weights (e.g. 'A'). */
export function tsLexeme(lexeme: string, weights = ''): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${weights ? `:${weights}` : ''}`;
}

/** Phrase alternatives joined by OR: [['reset','password'], ['登录']] -> ('reset' <-> 'password') | '登录'. */
export function tsAlternatives(alternatives: readonly string[][], weights = ''): string {
  return alternatives
    .map((phrase) => {
      const parts = phrase.map((l) => tsLexeme(l, weights));
      return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
    })
    .join(' | ');
}

export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
