import { ServiceError } from '../../errors.ts';
import { TWO_FACTOR_SETUP_REQUIRED } from '../../services/two-factor/policy.ts';
import { publicApiPaths } from './require-sign-in.ts';

/** What a session may still do while its user's role requires two-factor and they have none (relative to /api). */
const setupPaths: RegExp[] = [/^\/auth\/(status|logout)$/, /^\/auth\/me\/?$/, /^\/me\/two-factor(\/|$)/];

/** Refuses everything but setting up two-factor and signing out; API tokens never reach here (authenticate.ts). */
export function requireTwoFactorSetupPath(path: string): void {
  const rel = path.replace(/^\/api/, '');
  if (setupPaths.some((p) => p.test(rel)) || publicApiPaths.some((p) => p.test(rel))) return;
  throw new ServiceError('FORBIDDEN', TWO_FACTOR_SETUP_REQUIRED, { reason: 'two_factor_setup_required' });
}
