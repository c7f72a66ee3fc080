import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which test files open a database, so the PostgreSQL project runs only those (a file that never opens one would
 * run the same code twice). A file opens one when it, or a test/ module it imports (transitively), mentions one of
 * the ways a database is opened here; imports outside test/ are the code under test and open nothing by themselves.
 */
const opensDatabase = /\b(createTestDatabase|startTestServer|createTestContext|openDatabase|TEST_DATABASE_URL|testEngine)\b/;
const relativeImport = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

const root = path.resolve(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(p);
    return entry.name.endsWith('.test.ts') ? [p] : [];
  });
}

export function filesOpeningDatabase(): string[] {
  const memo = new Map<string, boolean>();
  const visit = (file: string): boolean => {
    const known = memo.get(file);
    if (known !== undefined) return known;
    memo.set(file, false); // import cycles end here
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return false;
    }
    const code = text.replace(/^import type .*$/gm, '');
    const imports = [...code.matchAll(relativeImport)]
      .map((m) => path.resolve(path.dirname(file), m[1]!))
      .filter((p) => p.startsWith(root));
    const opens = opensDatabase.test(code) || imports.some(visit);
    memo.set(file, opens);
    return opens;
  };
  return testFiles(root)
    .filter(visit)
    .map((f) => path.relative(path.dirname(root), f));
}
