import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { teams } from '../../db/schema/index.ts';

/** The team setup creates for the first admin; it owns the default widget inbox. */
export const DEFAULT_TEAM_NAME = 'Support';

export async function defaultTeamId(db: DbOrTx): Promise<string | null> {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(sql`lower(${teams.name}) = lower(${DEFAULT_TEAM_NAME})`);
  return row?.id ?? null;
}
