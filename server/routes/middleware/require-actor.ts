import type { Context } from 'hono';
import { ServiceError } from '../../errors.ts';
import type { Actor } from '../../services/actor.ts';
import type { AppEnv } from '../env.ts';

/** The signed-in actor, or a 401. Role checks happen in the service verbs. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new ServiceError('UNAUTHENTICATED', 'Sign in or send an API token (Authorization: Bearer ...)');
  return actor;
}
