import type { TokenScope } from '../../db/schema/index.ts';
import { forbidden } from '../../errors.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The scope a call needs from an API token: feeding messages in is its own grant, apart from other writes. */
export function scopeFor(method: string, path: string): TokenScope {
  if (/^\/api\/ingest\/?$/.test(path) && method === 'POST') return 'ingest';
  return READS.has(method) ? 'read' : 'write';
}

export function requireTokenScope(method: string, path: string, scopes: readonly TokenScope[]): void {
  const needed = scopeFor(method, path);
  if (scopes.includes(needed)) return;
  const hint =
    needed === 'ingest' ? 'an admin creates ingest tokens under Profile → API tokens' : 'create one with it under Profile → API tokens';
  throw forbidden(`This API token lacks the "${needed}" scope (it has: ${scopes.join(', ')}); ${hint}`);
}
