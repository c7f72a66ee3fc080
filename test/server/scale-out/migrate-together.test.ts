import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client.ts';

async function admin(text: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('app nodes starting at the same time on an empty database', () => {
  it('migrate it once between them, and every node starts', async () => {
    const name = `sb_test_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const nodes = await Promise.all([1, 2, 3].map(() => openDatabase({ url: url.toString(), dataDir: '.', poolSize: 1 })));
    try {
      await Promise.all(nodes.map((n) => n.migrate()));
      const res = await nodes[0]!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const applied = (res as unknown as { rows: { n: number }[] }).rows[0]!.n;
      const journal = JSON.parse(
        readFileSync(path.join(import.meta.dirname, '../../../server/db/migrations/meta/_journal.json'), 'utf8'),
      ) as { entries: unknown[] };
      expect(applied).toBe(journal.entries.length);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
      await admin(`drop database if exists ${name} with (force)`);
    }
  });
});
