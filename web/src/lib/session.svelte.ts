import type { UserView } from '$realtime/events';
import { api, setCsrfToken } from './api.ts';
import { guessLocale, isLocale, setLocale } from './i18n/index.svelte.ts';

export interface AuthStatus {
  setupRequired: boolean;
  user: UserView | null;
  csrfToken: string | null;
}

/** Who is signed in. Loaded once by the root layout, replaced on login/logout. */
export const session = $state<{ loaded: boolean; setupRequired: boolean; user: UserView | null }>({
  loaded: false,
  setupRequired: false,
  user: null,
});

function apply(status: AuthStatus): void {
  session.setupRequired = status.setupRequired;
  session.user = status.user;
  session.loaded = true;
  setCsrfToken(status.csrfToken);
  setLocale(isLocale(status.user?.locale) ? status.user.locale : guessLocale());
}

export async function loadSession(): Promise<void> {
  apply(await api.get<AuthStatus>('/auth/status'));
}

export async function login(email: string, password: string): Promise<void> {
  const res = await api.post<{ user: UserView; csrfToken: string }>('/auth/login', { email, password });
  apply({ setupRequired: false, user: res.user, csrfToken: res.csrfToken });
}

export async function setupAdmin(input: { name: string; email: string; password: string; locale: string; timeZone: string }): Promise<void> {
  const res = await api.post<{ user: UserView; csrfToken: string }>('/auth/setup', input);
  apply({ setupRequired: false, user: res.user, csrfToken: res.csrfToken });
}

export async function logout(): Promise<void> {
  await api.post('/auth/logout').catch(() => undefined);
  session.user = null;
  setCsrfToken(null);
}

/** Saves the user's own preferences (locale, time zone) and applies them at once. */
export async function updateMe(patch: Partial<Pick<UserView, 'locale' | 'timeZone' | 'name'>>): Promise<void> {
  const res = await api.patch<{ user: UserView } | UserView>('/auth/me', patch);
  const user = 'user' in res ? res.user : res;
  session.user = user;
  if (isLocale(user.locale)) setLocale(user.locale);
}

export const hasRole = (...roles: string[]) => !!session.user?.roles.some((r) => roles.includes(r));
export const isManager = () => hasRole('admin', 'supervisor');
export const isAdmin = () => hasRole('admin');
