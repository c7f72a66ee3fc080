import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { localeNames, locales, type Locale } from '../../locale/index.ts';
import type { Translate } from './strings.ts';

export interface Shell {
  t: Translate;
  locale: Locale;
  title: string;
  /** The same page in each language (the switch). */
  switchTo: Record<Locale, string>;
  q?: string;
  body: HtmlEscapedString | Promise<HtmlEscapedString>;
}

/** The page around every help-center view: header with search and language switch, no script at all. */
export function shell(s: Shell) {
  const { t } = s;
  return html`<!doctype html>
    <html lang="${s.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${s.title} · ${t('title')}</title>
        <link rel="icon" href="/favicon.svg" />
        <style>
          ${raw(css)}
        </style>
      </head>
      <body>
        <header class="top">
          <div class="wrap bar">
            <a class="brand" href="/help">${t('title')}</a>
            <a class="contact-link" href="/help/contact" data-testid="help-contact-link">${t('contactLink')}</a>
            <nav class="langs" aria-label="${t('language')}" data-testid="help-language">
              ${locales.map((l) =>
                l === s.locale
                  ? html`<strong aria-current="true">${localeNames[l]}</strong>`
                  : html`<a href="${s.switchTo[l]}" hreflang="${l}" lang="${l}" data-lang="${l}">${localeNames[l]}</a>`,
              )}
            </nav>
          </div>
          <form class="wrap search" action="/help/search" method="get" role="search">
            <label class="sr-only" for="help-q">${t('searchLabel')}</label>
            <input
              id="help-q"
              name="q"
              type="search"
              value="${s.q ?? ''}"
              placeholder="${t('searchPlaceholder')}"
              maxlength="500"
              data-testid="help-search-input"
            />
            <button type="submit" data-testid="help-search-submit">${t('searchButton')}</button>
          </form>
        </header>
        <main class="wrap">${s.body}</main>
      </body>
    </html>`;
}

const css = `
:root{--accent:#2f5bd3;--line:#dfe3ea;--muted:#5d6677;--bg:#f5f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;line-height:1.55;color:#1c2230;background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.wrap{max-width:860px;margin:0 auto;padding:0 1rem}
.top{background:#1e2a47;color:#fff;padding:1rem 0 1.4rem}
.bar{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin-bottom:1rem}
.brand{color:#fff;font-weight:700;font-size:1.2rem}.contact-link{color:#c7d2fe;margin-left:auto}.langs{display:flex;gap:.8rem}.langs a{color:#c7d2fe}
.search{display:flex;gap:.5rem}.search input{flex:1;font:inherit;padding:.6rem .8rem;border-radius:8px;border:1px solid var(--line)}
.search button,.helpful button{font:inherit;padding:.6rem 1rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
main{padding:1.5rem 1rem 3rem}h1{font-size:1.5rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
.cats{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:1rem}
.card h2{margin-top:0}.list{list-style:none;padding:0;margin:0;display:grid;gap:.55rem}
.muted{color:var(--muted)}.small{font-size:.88em}.badge{display:inline-block;font-size:.78rem;padding:0 .5rem;border-radius:999px;background:#eef0f4;color:var(--muted)}
.badge.known{background:#fff4e0;color:#b26a00}mark{background:#fde68a;color:inherit;border-radius:2px}
.hit{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem}.hit p{margin:.3rem 0 0}
.defect{background:#fffaf0;border:1px solid #f3d9a4;border-radius:10px;padding:.3rem 1rem 1rem;margin:1rem 0}
.pre{white-space:pre-wrap}.body img{max-width:100%}.body pre{background:#f0f2f6;padding:.8rem;border-radius:8px;overflow:auto}
.helpful{margin-top:2rem;padding-top:1rem;border-top:1px solid var(--line);display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.crumbs{font-size:.9rem;margin-bottom:.5rem}.tags{display:flex;gap:.4rem;flex-wrap:wrap;margin-top:1rem}
.field{display:grid;gap:.3rem;margin-bottom:1rem}.field input:not([type=checkbox]),.field select,.field textarea{font:inherit;padding:.5rem .7rem;border:1px solid var(--line);border-radius:8px}
.choices{display:flex;gap:1rem;flex-wrap:wrap}.field-error,.form-error{color:#a3131f;margin:0}.form-error{background:#fdecee;border:1px solid #f5c2c7;border-radius:8px;padding:.6rem 1rem}
.contact button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
