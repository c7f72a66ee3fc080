import type { Role } from '../db/schema/index.ts';
import { ServiceError } from '../errors.ts';

export type Actor = { type: 'user'; id: string; name: string; roles: readonly Role[] } | { type: 'system'; name: string };

export const systemActor = (name: string): Actor => ({ type: 'system', name });

export const AGENT_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
export const MANAGER_ROLES: readonly Role[] = ['supervisor', 'admin'];

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.type === 'system' || actor.roles.some((r) => roles.includes(r));
}

/** Every write verb calls this first: the server, not the route or the browser, decides. */
export function requireRole(actor: Actor, roles: readonly Role[], action: string): void {
  if (!hasRole(actor, roles)) {
    throw new ServiceError('FORBIDDEN', `${action} needs one of the roles: ${roles.join(', ')}`);
  }
}

export const actorUserId = (actor: Actor): string | null => (actor.type === 'user' ? actor.id : null);
