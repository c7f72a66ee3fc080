import { api, setCsrfToken, type ApiBody, type Schema } from './api.ts';
import { guessLocale, isLocale, setLocale } from './i18n/index.svelte.ts';
import type { UserView } from './types.ts';

export type AuthStatus = Schema<'AuthStatus'>;

/** Who is signed in. Loaded once by the root layout, replaced on login/logout. */
export const session = $state<{ loaded: boolean; setupRequired: boolean; user: UserView | null; twoFactorSetupRequired: boolean }>({
  loaded: false,
  setupRequired: false,
  user: null,
  twoFactorSetupRequired: false,
});

function apply(status: AuthStatus): void {
  session.setupRequired = status.setupRequired;
  session.user = status.user;
  session.twoFactorSetupRequired = status.twoFactorSetupRequired;
  session.loaded = true;
  setCsrfToken(status.csrfToken);
  setLocale(isLocale(status.user?.locale) ? status.user.locale : guessLocale());
}

export async function loadSession(): Promise<void> {
  apply(await api.get('/auth/status'));
}

/** 'code' when the password was right and the user has two-factor on: `loginWithCode` finishes signing in. */
export async function login(email: string, password: string): Promise<'signed-in' | 'code'> {
  const res = await api.post('/auth/login', { body: { email, password } });
  if ('twoFactorRequired' in res) return 'code';
  await loadSession();
  return 'signed-in';
}

export async function loginWithCode(code: string): Promise<void> {
  await api.post('/auth/login/two-factor', { body: { code } });
  await loadSession();
}

export async function setupAdmin(input: ApiBody<'post', '/auth/setup'>): Promise<void> {
  const res = await api.post('/auth/setup', { body: input });
  apply({ setupRequired: false, user: res.user, csrfToken: res.csrfToken, twoFactorSetupRequired: false });
}

export async function logout(): Promise<void> {
  await api.post('/auth/logout').catch(() => undefined);
  session.user = null;
  setCsrfToken(null);
}

/** Saves the user's own preferences (locale, time zone) and applies them at once. */
export async function updateMe(patch: ApiBody<'patch', '/auth/me'>): Promise<void> {
  const { user } = await api.patch('/auth/me', { body: patch });
  session.user = user;
  if (isLocale(user.locale)) setLocale(user.locale);
}

export const hasRole = (...roles: string[]) => !!session.user?.roles.some((r) => roles.includes(r));
export const isManager = () => hasRole('admin', 'supervisor');
export const isAdmin = () => hasRole('admin');
