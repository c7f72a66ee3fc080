export interface GuardState {
  path: string;
  search: string;
  /** The path is one of the console's routes (SvelteKit matched it). */
  known: boolean;
  setupRequired: boolean;
  signedIn: boolean;
  /** The user's role requires two-factor and they have none: only its setup page (issue 19). */
  twoFactorSetupRequired?: boolean;
}

const TWO_FACTOR_SETUP = '/two-factor-setup';

/** Pages a signed-out person reaches (forgot password, links from mails): shown to anyone once set up. */
const OPEN_PAGES = /^\/(forgot|reset\/[^/]+|invite\/[^/]+)$/;

/** A `next` address the console may go to after signing in: its own paths only, never another site. */
export const safeNext = (next: string | null | undefined): string =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : '/inbox';

/**
 * Where the console sends someone instead of the page they asked for, or null to show it: setup until an admin
 * exists and never after, sign-in before any screen, never back to sign-in once signed in. An unknown address
 * shows the not-found page to everyone.
 */
export function redirectFor(s: GuardState): string | null {
  if (s.setupRequired) return s.path === '/setup' ? null : '/setup';
  if (s.path === '/setup') return s.signedIn ? '/inbox' : '/login';
  if (!s.known) return null;
  if (OPEN_PAGES.test(s.path)) return null;
  if (!s.signedIn) {
    if (s.path === '/login') return null;
    return s.path === '/' ? '/login' : `/login?next=${encodeURIComponent(s.path + s.search)}`;
  }
  if (s.twoFactorSetupRequired) return s.path === TWO_FACTOR_SETUP ? null : TWO_FACTOR_SETUP;
  if (s.path === TWO_FACTOR_SETUP) return '/inbox';
  if (s.path === '/login') return safeNext(new URLSearchParams(s.search).get('next'));
  if (s.path === '/') return '/inbox';
  return null;
}
