import { describe, expect, it } from 'vitest';
import { redirectFor, type GuardState } from '../../web/src/lib/route-guard.ts';

const at = (path: string, over: Partial<GuardState> = {}): string | null =>
  redirectFor({ path, search: '', known: true, setupRequired: false, signedIn: true, ...over });

describe('a user whose role requires two-factor and who has none', () => {
  it('is sent to its setup page from every console page, and may stay there', () => {
    for (const path of ['/', '/inbox', '/profile', '/admin/users', '/login']) {
      expect(at(path, { twoFactorSetupRequired: true })).toBe('/two-factor-setup');
    }
    expect(at('/two-factor-setup', { twoFactorSetupRequired: true })).toBeNull();
  });

  it('leaves the setup page for the inbox once two-factor is on; signed out, it asks to sign in', () => {
    expect(at('/two-factor-setup')).toBe('/inbox');
    expect(at('/inbox')).toBeNull();
    expect(at('/two-factor-setup', { signedIn: false })).toBe('/login?next=%2Ftwo-factor-setup');
  });
});
