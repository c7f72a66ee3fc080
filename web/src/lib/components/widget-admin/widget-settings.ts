import type { FieldMode, WidgetPublicSettings } from '$channels/widget/protocol.ts';
import type { InboxDraft, InboxView } from '../inbox-admin/types.ts';

/** A widget inbox's settings as admins edit them: the public ones plus the admin-only origin list and offline email inbox. */
export type WidgetSettings = Omit<WidgetPublicSettings, 'inboxId' | 'limits'> & {
  allowedOrigins: string[];
  emailInboxId: string | null;
  csat: boolean;
};
export type WidgetInbox = InboxView<Partial<WidgetSettings>>;
export type { FieldMode };

export const IDENTITY_SECRET = 'identitySecret';
export const fieldModes: FieldMode[] = ['off', 'optional', 'required'];

export const widgetDefaults: WidgetSettings = {
  color: '#1f6feb',
  greeting: '',
  position: 'right',
  preChat: { name: 'optional', email: 'optional' },
  businessHoursText: '',
  locale: 'auto',
  allowedOrigins: [],
  emailInboxId: null,
  csat: true,
};

/** The edit form's starting values; origins are edited as one line each. */
export function widgetDraft(inbox: WidgetInbox): Pick<InboxDraft, 'settings' | 'secrets'> {
  const s = { ...widgetDefaults, ...inbox.settings, preChat: { ...widgetDefaults.preChat, ...inbox.settings.preChat } };
  return { settings: { ...s, allowedOrigins: s.allowedOrigins.join('\n'), emailInboxId: s.emailInboxId ?? '' }, secrets: {} };
}

export function finishWidgetDraft(d: InboxDraft): InboxDraft {
  const origins = String(d.settings.allowedOrigins ?? '')
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return { ...d, settings: { ...d.settings, allowedOrigins: origins, emailInboxId: d.settings.emailInboxId || null } };
}

/** The script tag a site owner pastes into their pages. */
export const embedSnippet = (origin: string, inboxId: string) =>
  `<script src="${origin}/widget.js" data-inbox="${inboxId}" async></script>`;

/** 32 random bytes as hex: the HMAC key the host site's back end signs user ids with. */
export function newIdentitySecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
