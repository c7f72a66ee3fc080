import { describe, expect, it } from 'vitest';
import { classifyNoise } from '../../../channels/email/noise.ts';
import { foldEmailText } from '../../../channels/email/fold.ts';
import { parseEmail } from '../../../channels/email/parse.ts';
import { sanitizeEmailHtml } from '../../../channels/email/sanitize.ts';
import { replySubject } from '../../../channels/email/send.ts';
import type { OutboundMessage } from '../../../channels/types.ts';
import { fixture } from '../../support/email.ts';

const parse = (name: string, vars: Record<string, string> = {}, maxAttachmentBytes = 10_000_000) =>
  parseEmail(fixture(name, vars), { maxAttachmentBytes });

describe('parsing real MIME files', () => {
  it.each([
    ['gbk-chinese.eml', '打印机无法打印', '王先生', '我们的打印机从昨天开始无法打印'],
    ['big5.eml', '發票問題', '陳小姐', '請協助確認'],
    ['iso-2022-jp.eml', '注文について', '田中', 'お世話になっております'],
    ['encoded-word-subject.eml', 'Rückerstattung für Bestellung été 𠀀订单', 'Jörg Müller', 'Dzień dobry, proszę o zwrot.'],
    ['plain.eml', 'Printer does not print', 'Alice Customer', 'Café order #551'],
  ])('%s decodes subject, sender name and body', async (file, subject, name, body) => {
    const mail = await parse(file);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.name).toBe(name);
    expect(mail.text).toContain(body);
  });

  it('reads the bounced recipient and the returned Message-ID from a DSN', async () => {
    const mail = await parse('bounce.eml', { ORIGINAL_MESSAGE_ID: '<sb-1@switchboard.test>' });
    expect(mail.noise).toBe('bounce');
    expect(mail.bounce).toEqual({
      recipients: [expect.objectContaining({ address: 'gone@customer.example', status: '5.1.1', permanent: true })],
      originalMessageId: '<sb-1@switchboard.test>',
    });
  });

  it('drops an attachment over the limit and says so in the text', async () => {
    const mail = await parse('multipart-attachments.eml', {}, 20);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['Übersicht.csv']);
    expect(mail.dropped).toEqual([{ filename: 'report.pdf', size: 45 }]);
    expect(mail.text).toContain('[Attachment "report.pdf" (0.00 MB) was over the 0.00 MB limit and was not stored]');
  });

  it('gives a mail without Message-ID a stable one, so a replay still dedupes', async () => {
    const raw = Buffer.from('From: a@customer.example\r\nSubject: x\r\n\r\nhi\r\n');
    const [a, b] = await Promise.all([parseEmail(raw, { maxAttachmentBytes: 1000 }), parseEmail(raw, { maxAttachmentBytes: 1000 })]);
    expect(a.messageId).toMatch(/^<[0-9a-f]{64}@no-message-id\.switchboard>$/);
    expect(b.messageId).toBe(a.messageId);
  });
});

describe('noise guard', () => {
  const headers = (h: Record<string, string>) => new Map(Object.entries(h));
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'auto-reply'],
    [{ 'auto-submitted': 'no' }, null],
    [{ 'x-auto-response-suppress': 'All' }, 'auto-reply'],
    [{ precedence: 'bulk' }, 'bulk'],
    [{ 'list-unsubscribe': '<https://x>' }, 'bulk'],
    [{ 'return-path': '<>' }, 'bounce'],
    [{}, null],
  ] as const)('%o -> %s', (h, kind) => {
    expect(classifyNoise(headers(h), 'text/plain', 'alice@customer.example')).toBe(kind);
  });
  it('treats MAILER-DAEMON and noreply senders as never-answer', () => {
    expect(classifyNoise(headers({}), 'text/plain', 'MAILER-DAEMON@mx.example'.toLowerCase())).toBe('bounce');
    expect(classifyNoise(headers({}), 'text/plain', 'no-reply@shop.example')).toBe('bulk');
  });
});

describe('sanitising and folding for display', () => {
  it('keeps remote images dark until the agent loads them and marks quoted history', () => {
    const html = sanitizeEmailHtml(
      '<p>New text</p><img src="http://t.example/a.png" onerror="x()"><div class="gmail_quote"><blockquote type="cite">old</blockquote></div><svg><script>1</script></svg>',
    );
    expect(html).toBe(
      '<p>New text</p><img data-remote-src="http://t.example/a.png" /><div data-quoted="1"><blockquote data-quoted="1">old</blockquote></div>',
    );
  });

  it('folds quoted history and signatures but keeps a mail that is all quote visible', () => {
    const text = 'Thanks, works now.\n\nOn Tue, 3 Mar 2026, Support <support@x> wrote:\n> try again\n';
    expect(text.slice(0, foldEmailText(text).bodyEnd)).toBe('Thanks, works now.');
    const outlook = 'See below.\n\nFrom: Support <s@x>\nSent: Tuesday\nSubject: Re: x\n\nold';
    expect(outlook.slice(0, foldEmailText(outlook).bodyEnd)).toBe('See below.');
    const zh = '好的，谢谢。\n\n------------------ 原始邮件 ------------------\n发件人: 支持';
    expect(zh.slice(0, foldEmailText(zh).bodyEnd)).toBe('好的，谢谢。');
    const interleaved = '> question 1\nanswer 1\n> question 2\nanswer 2';
    expect(foldEmailText(interleaved).bodyEnd).toBe(interleaved.length);
    const onlyQuote = '> everything quoted';
    expect(foldEmailText(onlyQuote).bodyEnd).toBe(onlyQuote.length);
  });
});

describe('what the console folds away in real mail', () => {
  it('folds nothing of a plain mail without quote or signature that ends in a newline', async () => {
    const mail = await parse('plain-trailing-newline.eml');
    expect(mail.text.endsWith('Carol\n')).toBe(true);
    expect(mail.fold).toEqual({ bodyEnd: mail.text.length, quoteStart: null, signatureStart: null });
  });

  it('folds the quoted history of a plain reply', async () => {
    const mail = await parse('plain-quoted-reply.eml');
    expect(mail.text.slice(0, mail.fold.bodyEnd)).toBe('Thanks, the new driver fixed it.');
    expect(mail.text.slice(mail.fold.bodyEnd)).toContain('> Please install driver 2.1 and try again.');
  });

  it('marks the cited blockquote of an HTML reply, and folds its plain part the same way', async () => {
    const mail = await parse('html-blockquote-reply.eml');
    expect(mail.html).toMatch(/<blockquote data-quoted="1">\s*<p>Please update the firmware/);
    expect(mail.html).toContain('<div data-quoted="1">On 04.03.26 17:12, Support wrote:');
    expect(mail.text.slice(0, mail.fold.bodyEnd)).toBe('It still reboots every hour, even with the new firmware.');
  });
});

describe('reply subject', () => {
  const m = (subject: string, inReplyTo: string | null) =>
    ({ subject, ticketNumber: 1042, inReplyTo, threadMessageIds: [] }) as unknown as OutboundMessage;
  it('adds one Re: and one token however often the subject went round', () => {
    expect(replySubject(m('Re: AW: Printer [#1042]', '<a@b>'))).toBe('Re: Printer [#1042]');
    expect(replySubject(m('回复：打印机', '<a@b>'))).toBe('Re: 打印机 [#1042]');
    expect(replySubject(m('Hello', null))).toBe('Hello [#1042]');
  });
});

describe('text of an HTML-only mail', () => {
  it('is the readable words, without image or link addresses', async () => {
    const mail = await parse('html-only.eml');
    expect(mail.text).toBe('Hi, where is my invoice?\nclick help');
  });
});
