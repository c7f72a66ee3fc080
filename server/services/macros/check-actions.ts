import type { DbOrTx } from '../../db/client.ts';

/**
 * The stored form of a macro's actions, after the checks that need the database (a named agent, team or canned
 * response exists). Until the engine's catalog lands, the shapes are stored as given.
 */
export async function checkMacroActions(_db: DbOrTx, actions: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  return actions;
}
