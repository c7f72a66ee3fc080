import { z } from 'zod';
import { roles } from '../../db/schema/index.ts';
import { locales } from '../../locale/index.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import { passwordWeakness, weaknessMessage } from '../auth/password-strength.ts';

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length <= 64;
  } catch {
    return false;
  }
}

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'email must be at most 254 characters')
  // The HTML5 rule (what a browser's email field accepts): self-hosted installs use addresses like admin@localhost.
  .pipe(z.email({ pattern: z.regexes.html5Email, error: 'email must be a valid email address' }));
export const nameField = z.string().trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters');
export const passwordField = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `password must be at most ${MAX_PASSWORD_LENGTH} characters`)
  // Everywhere a password is set (setup, new user, profile, reset link, invitation, admin-set): not a common one.
  .superRefine((value, issue) => {
    const weakness = value.length >= MIN_PASSWORD_LENGTH ? passwordWeakness(value) : null;
    if (weakness) issue.addIssue({ code: 'custom', message: weaknessMessage('password', weakness) });
  });
export const rolesField = z
  .array(z.enum(roles, { error: `roles may only contain ${roles.join(', ')}` }))
  .min(1, 'roles needs at least one role')
  .transform((r) => [...new Set(r)]);
export const localeField = z.enum(locales, { error: `locale must be one of ${locales.join(', ')}` });
export const timeZoneField = z.string().refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Berlin or Asia/Shanghai');
