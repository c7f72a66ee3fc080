import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { localeNames, locales, type Locale } from '../../locale/index.ts';
import type { CsatKey, Translate } from './strings.ts';

const scale = [1, 2, 3, 4, 5] as const;

export interface PageFrame {
  t: Translate;
  locale: Locale;
  title: string;
  /** This page in each language (GET pages only; a page answering a POST has no switch). */
  switchTo?: Record<Locale, string>;
  body: HtmlEscapedString | Promise<HtmlEscapedString>;
}

/** No script, no external resource; the token in the address is never sent on to another site. */
export function page(f: PageFrame) {
  return html`<!doctype html>
    <html lang="${f.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>${f.title}</title>
        <style>
          ${raw(css)}
        </style>
      </head>
      <body>
        <main class="card">
          ${
            f.switchTo
              ? html`<nav class="langs" aria-label="${f.t('language')}">
                  ${locales.map((l) =>
                    l === f.locale
                      ? html`<strong aria-current="true">${localeNames[l]}</strong>`
                      : html`<a href="${f.switchTo![l]}" hreflang="${l}" lang="${l}">${localeNames[l]}</a>`,
                  )}
                </nav>`
              : ''
          }
          ${f.body}
        </main>
      </body>
    </html>`;
}

export interface FormView {
  action: string;
  number: number;
  subject: string;
  selected: number | null;
  comment: string;
  error: string | null;
}

export function formView(t: Translate, locale: Locale, v: FormView) {
  return html`<h1>${t('title')}</h1>
    <p class="lead">${t('question', { number: v.number })}</p>
    <p class="muted">${t('subject', { subject: v.subject })}</p>
    <form method="post" action="${v.action}" data-testid="csat-form">
      <input type="hidden" name="lang" value="${locale}" />
      ${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
      <fieldset class="scale">
        <legend class="sr-only">${t('title')}</legend>
        ${scale.map(
          (n) =>
            html`<label class="choice r${n}"
              ><input type="radio" name="rating" value="${n}" ${v.selected === n ? raw('checked') : ''} required /><span
                ><b>${n}</b>${t(`scale${n}` as CsatKey)}</span
              ></label
            >`,
        )}
      </fieldset>
      <label class="comment">${t('commentLabel')}<textarea name="comment" rows="4" maxlength="2000">${v.comment}</textarea></label>
      <button type="submit">${t('confirm')}</button>
      <p class="muted small">${t('hint')}</p>
    </form>`;
}

export const messageView = (title: string, text: string, testId: string) =>
  html`<h1 data-testid="${testId}">${title}</h1>
    <p class="lead">${text}</p>`;

const css = `
:root{--accent:#2f5bd3;--line:#dfe3ea;--muted:#5d6677;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;line-height:1.55;color:#1c2230;background:#f5f6f8}
*{box-sizing:border-box}body{margin:0;padding:2rem 1rem}
.card{max-width:560px;margin:0 auto;background:#fff;border:1px solid var(--line);border-radius:12px;padding:1.5rem}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}.lead{font-size:1.05rem}.muted{color:var(--muted)}.small{font-size:.88em}
.langs{display:flex;gap:.8rem;justify-content:flex-end;font-size:.9rem}.langs a{color:var(--accent)}
.scale{border:0;padding:0;margin:1rem 0;display:grid;grid-template-columns:repeat(5,1fr);gap:.4rem}
.choice input{position:absolute;opacity:0}.choice span{display:grid;justify-items:center;gap:.2rem;padding:.7rem .2rem;border:2px solid var(--line);border-radius:10px;cursor:pointer;font-size:.8rem;text-align:center}
.choice b{font-size:1.3rem}.choice input:checked+span{border-color:var(--accent);background:#eef2ff}.choice input:focus-visible+span{outline:2px solid var(--accent)}
.comment{display:grid;gap:.3rem;margin:1rem 0}textarea{font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:8px;resize:vertical}
button{font:inherit;padding:.7rem 1.2rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
.error{color:#b42318;font-weight:600}.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:420px){.scale{grid-template-columns:repeat(5,1fr);gap:.2rem}.choice span{font-size:.7rem}}
`;
