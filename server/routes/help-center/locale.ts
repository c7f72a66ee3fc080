import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isLocale, parseAcceptLanguage, pickLocale, type Locale } from '../../locale/index.ts';

const COOKIE = 'sb_help_lang';

/** ?lang= (the language switch, remembered in a cookie) beats the remembered choice, which beats Accept-Language. */
export function helpLocale(c: Context): Locale {
  const asked = c.req.query('lang');
  if (isLocale(asked)) {
    setCookie(c, COOKIE, asked, { path: '/help', maxAge: 365 * 86_400, sameSite: 'Lax', httpOnly: true });
    return asked;
  }
  const remembered = getCookie(c, COOKIE);
  return isLocale(remembered) ? remembered : pickLocale(parseAcceptLanguage(c.req.header('accept-language')));
}
