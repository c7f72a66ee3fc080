import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { kbLocales, type KbLocale } from '../../db/schema/index.ts';

const COOKIE = 'sb_help_lang';
const isLocale = (v: string | undefined | null): v is KbLocale => !!v && (kbLocales as readonly string[]).includes(v);

/** "zh-TW;q=0.8, en;q=0.9" -> the best-weighted language we have; English when nothing fits. */
export function fromAcceptLanguage(header: string | undefined): KbLocale {
  const wanted = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) {
    if (w.tag.startsWith('zh')) return 'zh-CN';
    if (w.tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** ?lang= (the language switch, remembered in a cookie) beats the remembered choice, which beats Accept-Language. */
export function helpLocale(c: Context): KbLocale {
  const asked = c.req.query('lang');
  if (isLocale(asked)) {
    setCookie(c, COOKIE, asked, { path: '/help', maxAge: 365 * 86_400, sameSite: 'Lax', httpOnly: true });
    return asked;
  }
  const remembered = getCookie(c, COOKIE);
  return isLocale(remembered) ? remembered : fromAcceptLanguage(c.req.header('accept-language'));
}
