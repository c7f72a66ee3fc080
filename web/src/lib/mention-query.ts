/** The "@name" being typed just before the caret, if any: not inside an address (lina@example.com); names may hold one space. */
export function mentionQuery(before: string): { query: string; start: number } | null {
  const m = /(^|[^A-Za-z0-9_.+-])@([^\s@]{0,30}(?: [^\s@]{0,30})?)$/u.exec(before);
  if (!m) return null;
  return { query: m[2]!, start: before.length - m[2]!.length - 1 };
}

/** Colleagues whose name, or a word of it, starts with the query (case-insensitive); the closest first. */
export function matchPeople<P extends { name: string }>(people: readonly P[], query: string, limit = 8): P[] {
  const q = query.toLowerCase();
  const score = (name: string) => {
    const n = name.toLowerCase();
    if (n.startsWith(q)) return 0;
    if (n.split(/\s+/).some((w) => w.startsWith(q))) return 1;
    return n.includes(q) ? 2 : 3;
  };
  return people
    .map((p) => ({ p, s: score(p.name) }))
    .filter((x) => x.s < 3)
    .sort((a, b) => a.s - b.s || a.p.name.localeCompare(b.p.name))
    .slice(0, limit)
    .map((x) => x.p);
}
