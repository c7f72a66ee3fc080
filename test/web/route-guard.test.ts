import { describe, expect, it } from 'vitest';
import { redirectFor, type GuardState } from '../../web/src/lib/route-guard.ts';

const at = (path: string, over: Partial<GuardState> = {}): string | null =>
  redirectFor({ path, search: '', known: true, setupRequired: false, signedIn: false, ...over });

describe('where the console sends people', () => {
  it('sends everything to setup on a fresh install, and setup away once an admin exists', () => {
    expect(at('/inbox', { setupRequired: true })).toBe('/setup');
    expect(at('/setup', { setupRequired: true })).toBeNull();
    expect(at('/setup')).toBe('/login');
    expect(at('/setup', { signedIn: true })).toBe('/inbox');
  });

  it('asks a signed-out person to sign in first and brings them back to where they were going', () => {
    expect(at('/inbox', { search: '?view=all' })).toBe('/login?next=%2Finbox%3Fview%3Dall');
    expect(at('/')).toBe('/login');
    expect(at('/login')).toBeNull();
    expect(at('/login', { signedIn: true, search: '?next=%2Freports' })).toBe('/reports');
    expect(at('/login', { signedIn: true, search: '?next=%2F%2Fevil.example' })).toBe('/inbox');
    expect(at('/', { signedIn: true })).toBe('/inbox');
    expect(at('/inbox', { signedIn: true })).toBeNull();
  });

  it('shows an unknown address as not found, signed in or not', () => {
    expect(at('/nope', { known: false })).toBeNull();
    expect(at('/nope', { known: false, signedIn: true })).toBeNull();
  });
});
