import { describe, expect, it } from 'vitest';
import { redirectFor, type GuardState } from '../../web/src/lib/route-guard.ts';

const at = (path: string, over: Partial<GuardState> = {}): string | null =>
  redirectFor({ path, search: '', known: true, setupRequired: false, signedIn: false, ...over });

describe('pages reached from a mail or by a signed-out person', () => {
  it('shows forgot password, a reset link and an invitation link without signing in (and signed in too)', () => {
    for (const path of ['/forgot', '/reset/0b5e-token', '/invite/0b5e-token']) {
      expect(at(path)).toBeNull();
      expect(at(path, { signedIn: true })).toBeNull();
    }
  });

  it('still sends everything to setup on a fresh install and other pages to sign in', () => {
    expect(at('/invite/0b5e-token', { setupRequired: true })).toBe('/setup');
    expect(at('/reset')).toBe('/login?next=%2Freset');
    expect(at('/invite/a/b')).toBe('/login?next=%2Finvite%2Fa%2Fb');
  });
});
