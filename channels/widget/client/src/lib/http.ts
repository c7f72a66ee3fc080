import type { WidgetAttachment, WidgetError, WidgetPublicSettings } from '../../../protocol.ts';

export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: WidgetError,
  ) {
    super(error.message);
  }
}

async function refusal(res: Response): Promise<HttpRefusal> {
  const body = (await res.json().catch(() => null)) as { error?: WidgetError } | null;
  return new HttpRefusal(res.status, body?.error ?? { code: 'INTERNAL', message: `HTTP ${res.status}` });
}

/** Before connecting: enough to draw the launcher. */
export async function fetchSettings(origin: string, inboxId: string, locale: string): Promise<WidgetPublicSettings> {
  const url = `${origin}/api/widget/inboxes/${encodeURIComponent(inboxId)}/settings?locale=${encodeURIComponent(locale)}`;
  const res = await fetch(url, { credentials: 'omit' });
  if (!res.ok) throw await refusal(res);
  return (await res.json()) as WidgetPublicSettings;
}

export async function uploadAttachment(origin: string, token: string, file: File): Promise<WidgetAttachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`${origin}/api/widget/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    credentials: 'omit',
  });
  if (!res.ok) throw await refusal(res);
  return (await res.json()) as WidgetAttachment;
}
