import type { TokenScope } from '../db/schema/index.ts';
import type { Actor } from '../services/actor.ts';

/** What middleware puts on the Hono context for handlers. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Null when the request carries no valid session or API token. */
    actor: Actor | null;
    /** How the actor was authenticated: cookie sessions need a CSRF token on writes, API tokens do not. */
    authKind: 'session' | 'token' | null;
    sessionId: string | null;
    /** With authKind 'token': what the token may do (read, write, ingest). */
    tokenScopes: readonly TokenScope[] | null;
    /** The session's CSRF token; cookie-authenticated writes must echo it in X-CSRF-Token. */
    csrfToken: string | null;
  };
}
