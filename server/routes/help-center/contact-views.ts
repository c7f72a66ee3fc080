import { html } from 'hono/html';
import type { CustomerField } from '../../services/custom-fields/customer-visible.ts';
import type { HelpKey, Translate } from './strings.ts';

/** What the form shows: the fields, what was typed (on a refusal), each field's problem and the summary. */
export interface ContactForm {
  token: string;
  fields: CustomerField[];
  values: Record<string, string[]>;
  errors: Record<string, string>;
  summary: string | null;
}

export const fieldName = (f: Pick<CustomerField, 'entity' | 'key'>) => `${f.entity}Fields.${f.key}`;
const core: Array<{ name: 'name' | 'email' | 'subject' | 'message'; label: HelpKey; type: string; max: number }> = [
  { name: 'name', label: 'contactName', type: 'text', max: 200 },
  { name: 'email', label: 'contactEmail', type: 'email', max: 320 },
  { name: 'subject', label: 'contactSubject', type: 'text', max: 200 },
  { name: 'message', label: 'contactMessage', type: 'textarea', max: 10_000 },
];
export const coreLabel = (name: string): HelpKey | null => core.find((c) => c.name === name)?.label ?? null;

const problem = (f: ContactForm, name: string) =>
  f.errors[name] ? html`<p class="field-error" id="${name}-error" data-testid="contact-error-${name}">${f.errors[name]}</p>` : '';
const described = (f: ContactForm, name: string) => (f.errors[name] ? html` aria-describedby="${name}-error"` : '');

function control(f: ContactForm, field: CustomerField) {
  const name = fieldName(field);
  const [value = ''] = f.values[name] ?? [];
  const id = `cf-${name}`;
  const aria = described(f, name);
  switch (field.type) {
    case 'long_text':
      return html`<textarea id="${id}" name="${name}" rows="4" ${aria}>${value}</textarea>`;
    case 'select':
      return html`<select id="${id}" name="${name}" ${aria}>
        <option value=""></option>
        ${field.options.map((o) => html`<option value="${o.value}" ${o.value === value ? 'selected' : ''}>${o.label}</option>`)}
      </select>`;
    case 'multi_select':
      return html`<span class="choices" role="group" aria-labelledby="${id}-label">
        ${field.options.map(
          (o) =>
            html`<label class="choice"
              ><input type="checkbox" name="${name}" value="${o.value}" ${f.values[name]?.includes(o.value) ? 'checked' : ''} />
              ${o.label}</label
            >`,
        )}
      </span>`;
    case 'checkbox':
      return html`<input id="${id}" type="checkbox" name="${name}" value="true" ${value ? 'checked' : ''} />`;
    default: {
      const type = { number: 'number', decimal: 'text', date: 'date', url: 'url', text: 'text' }[field.type];
      return html`<input id="${id}" name="${name}" type="${type}" value="${value}" ${aria} />`;
    }
  }
}

/** The contact form: name, email, subject and message, then the customer-visible fields (all optional). */
export function contactFormView(t: Translate, f: ContactForm) {
  return html`<p class="crumbs"><a href="/help">${t('title')}</a></p>
    <h1>${t('contactTitle')}</h1>
    <p class="muted">${t('contactIntro')}</p>
    ${f.summary ? html`<p class="form-error" role="alert" data-testid="contact-summary">${f.summary}</p>` : ''}
    <form class="contact card" method="post" action="/help/contact" data-testid="contact-form">
      <input type="hidden" name="token" value="${f.token}" />
      ${core.map(
        (c) =>
          html`<div class="field">
            <label for="contact-${c.name}">${t(c.label)}</label>
            ${
              c.type === 'textarea'
                ? html`<textarea id="contact-${c.name}" name="${c.name}" rows="6" required maxlength="${c.max}" ${described(f, c.name)}>
${f.values[c.name]?.[0] ?? ''}</textarea>`
                : html`<input
                    id="contact-${c.name}"
                    name="${c.name}"
                    type="${c.type}"
                    required
                    maxlength="${c.max}"
                    value="${f.values[c.name]?.[0] ?? ''}"
                    ${described(f, c.name)}
                  />`
            }
            ${problem(f, c.name)}
          </div>`,
      )}
      ${f.fields.map(
        (field) =>
          html`<div class="field">
            <label id="cf-${fieldName(field)}-label" for="cf-${fieldName(field)}"
              >${field.label} <span class="muted small">${t('contactOptional')}</span></label
            >
            ${control(f, field)} ${field.help ? html`<p class="muted small">${field.help}</p>` : ''} ${problem(f, fieldName(field))}
          </div>`,
      )}
      <button type="submit" data-testid="contact-send">${t('contactSend')}</button>
    </form>`;
}

export function contactSentView(t: Translate, sent: { number: number; email: string }) {
  return html`<h1 data-testid="contact-sent">${t('contactSentTitle')}</h1>
    <p data-testid="contact-number">${t('contactSentText', { number: sent.number, email: sent.email })}</p>
    <p><a href="/help">${t('backHome')}</a></p>`;
}

export function contactMessageView(t: Translate, key: HelpKey, params: Record<string, string | number> = {}) {
  return html`<h1>${t('contactTitle')}</h1>
    <p role="alert" data-testid="contact-problem">${t(key, params)}</p>
    <p><a href="/help/contact">${t('contactTitle')}</a> · <a href="/help">${t('backHome')}</a></p>`;
}
