import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { z } from 'zod';
import type { InboundAttachment } from '../types.ts';
import { parseDeliveryStatus, type BounceReport } from './bounce.ts';
import { foldEmailText, type TextFold } from './fold.ts';
import { classifyNoise, type NoiseKind } from './noise.ts';
import { htmlToPlain, sanitizeEmailHtml } from './sanitize.ts';

const MAX_TEXT = 100_000;
const MAX_HTML = 500_000;
const MAX_ATTACHMENTS = 50;

export interface ParsedEmail {
  /** The Message-ID header, or a stable one made from the bytes so a replay still dedupes. */
  messageId: string;
  from: { address: string; name?: string } | null;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string;
  references: string[];
  date?: Date;
  attachments: InboundAttachment[];
  /** Attachments not stored (over the size limit), listed so the agent knows they existed. */
  dropped: { filename: string; size: number }[];
  noise: NoiseKind;
  bounce: BounceReport | null;
  fold: TextFold;
  truncated: boolean;
}

export class UnparseableEmailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnparseableEmailError';
  }
}

const emailAddress = z.email();
const msgId = (v: string) => {
  const m = v.trim().match(/<[^<>\s]+>/);
  return m ? m[0] : v.trim() ? `<${v.trim().replace(/[<>\s]/g, '')}>` : undefined;
};
const addresses = (v: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((a) => a.value)
    .map((a) => a.address?.toLowerCase() ?? '')
    .filter(Boolean);

/**
 * Raw RFC 5322 bytes -> one normalised mail. mailparser decodes every charset iconv-lite knows
 * (GB2312/GBK/GB18030, Big5, ISO-2022-JP, ISO-8859-x, windows-125x) and RFC 2047 encoded words.
 */
export async function parseEmail(raw: Buffer, limits: { maxAttachmentBytes: number }): Promise<ParsedEmail> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      keepCidLinks: true,
      keepDeliveryStatus: true,
      skipHtmlToText: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
  } catch (err) {
    throw new UnparseableEmailError(`MIME could not be parsed: ${(err as Error).message}`);
  }
  const fromValue = (Array.isArray(mail.from) ? mail.from[0] : mail.from)?.value[0];
  const address = fromValue?.address?.trim().toLowerCase() ?? '';
  const from = emailAddress.safeParse(address).success
    ? { address, ...(fromValue?.name ? { name: fromValue.name.slice(0, 200) } : {}) }
    : null;
  const contentType = String((mail.headers.get('content-type') as { value?: string } | undefined)?.value ?? '');
  const fullType = mail.headerLines.find((l) => l.key === 'content-type')?.line ?? contentType;

  const { attachments, dropped, deliveryStatus, returnedHeaders } = splitAttachments(mail.attachments, limits.maxAttachmentBytes);
  let text = (mail.text ?? '').replace(/\r\n/g, '\n');
  if (!text.trim() && typeof mail.html === 'string') text = htmlToPlain(mail.html);
  if (dropped.length) {
    text += `\n\n${dropped.map((d) => `[Attachment "${d.filename}" (${mb(d.size)}) was over the ${mb(limits.maxAttachmentBytes)} limit and was not stored]`).join('\n')}`;
  }
  const truncated = text.length > MAX_TEXT;
  if (truncated) text = `${text.slice(0, MAX_TEXT - 200)}\n\n[This message was longer than ${MAX_TEXT} characters and was cut here.]`;
  const html = typeof mail.html === 'string' && mail.html.trim() ? sanitizeEmailHtml(mail.html).slice(0, MAX_HTML) : undefined;

  return {
    messageId: (mail.messageId && msgId(mail.messageId)) || `<${createHash('sha256').update(raw).digest('hex')}@no-message-id.switchboard>`,
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 998),
    text,
    ...(html ? { html } : {}),
    ...(mail.inReplyTo && msgId(mail.inReplyTo) ? { inReplyTo: msgId(mail.inReplyTo) } : {}),
    references: (Array.isArray(mail.references) ? mail.references : mail.references ? mail.references.split(/\s+/) : [])
      .map(msgId)
      .filter((r): r is string => !!r && r.length <= 998)
      .slice(-50),
    ...(mail.date && !Number.isNaN(mail.date.getTime()) ? { date: mail.date } : {}),
    attachments,
    dropped,
    noise: classifyNoise(mail.headers, fullType, address),
    bounce: deliveryStatus ? parseDeliveryStatus(deliveryStatus, returnedHeaders) : null,
    fold: foldEmailText(text),
    truncated,
  };
}

function splitAttachments(list: Attachment[], maxBytes: number) {
  const attachments: InboundAttachment[] = [];
  const dropped: { filename: string; size: number }[] = [];
  let deliveryStatus: string | null = null;
  let returnedHeaders: string | null = null;
  list.forEach((a, i) => {
    if (a.contentType === 'message/delivery-status') deliveryStatus = a.content.toString('utf8');
    if (a.contentType === 'text/rfc822-headers' || a.contentType === 'message/rfc822')
      returnedHeaders ??= a.content.toString('utf8').split(/\r?\n\r?\n/)[0] ?? null;
    const filename = (a.filename?.trim() || `${a.related ? 'image' : 'attachment'}-${i + 1}${extensionOf(a.contentType)}`).slice(0, 255);
    if (a.size > maxBytes || attachments.length >= MAX_ATTACHMENTS) {
      dropped.push({ filename, size: a.size });
      return;
    }
    const cid = a.contentId ? a.contentId.replace(/^<|>$/g, '') : undefined;
    attachments.push({
      filename,
      contentType: a.contentType.slice(0, 255),
      content: a.content,
      ...(cid ? { contentId: cid.slice(0, 998) } : {}),
      ...(a.related || a.contentDisposition === 'inline' ? { inline: true } : {}),
    });
  });
  return { attachments, dropped, deliveryStatus: deliveryStatus as string | null, returnedHeaders: returnedHeaders as string | null };
}

const extensionOf = (type: string) =>
  ({
    'image/png': '.png',
    'image/jpeg': '.jpg',
    'image/gif': '.gif',
    'text/plain': '.txt',
    'message/rfc822': '.eml',
    'message/delivery-status': '.txt',
    'text/rfc822-headers': '.txt',
  })[type] ?? '';

export const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(bytes < 1_000_000 ? 2 : 1)} MB`;
