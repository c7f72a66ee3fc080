import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { processRawEmail } from '../../../channels/email/process.ts';
import { attachments, inboxes, messages } from '../../../server/db/schema/index.ts';
import { emit, buildWidgetInbox, connectWidget } from '../../channels/widget/harness.ts';
import { buildEmailInbox } from '../../support/email.ts';
import type { Dovecot } from '../../support/dovecot.ts';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { serverWorld } from '../../support/server-world.ts';
import { telegramApiStandIn } from '../../support/telegram-world.ts';
import { buildBotToken, eventually, loadUpdate } from '../../support/telegram.ts';

// A file name is whatever the sender says it is. Every upload path below gets one that climbs out of DATA_DIR;
// storage is content-addressed (attachments/<2 hex>/<sha256>), so the name can only ever be a label.
let headers: Record<string, string>;
const botToken = buildBotToken(612000111);
const marker = `sb-escaped-${randomBytes(4).toString('hex')}`;
const hostile = [`../${marker}`, `../../../../../../../tmp/${marker}`, `..\\..\\${marker}`, `/etc/${marker}`];

const api = telegramApiStandIn();
const { server } = serverWorld(() => ({ TELEGRAM_BOT_TOKEN: botToken, TELEGRAM_API_ROOT: api.apiRoot, OUTBOX_POLL_MS: '50' }));
beforeAll(async () => {
  headers = (await buildTokenUser(server.ctx, ['admin', 'agent'])).headers;
});

const attachmentOf = async (messageId: string) =>
  (await server.ctx.db.select().from(attachments).where(eq(attachments.messageId, messageId)))[0]!;
const download = (id: string) => fetch(`${server.url}/api/attachments/${id}`, { headers });
const json = async (r: Response): Promise<any> => r.json();

/** Every file the server wrote under DATA_DIR, relative to it. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, path.join(rel, e.name)) : [path.join(rel, e.name)],
  );
}

describe('path traversal in attachment names, on every way a file comes in', () => {
  it('an agent reply (API, base64 JSON): the name keeps only its last part; downloads with a safe Content-Disposition', async () => {
    const { ticketId } = await json(
      await fetch(`${server.url}/api/ingest`, { method: 'POST', headers, body: JSON.stringify(buildInbound()) }),
    );
    for (const name of hostile) {
      const res = await fetch(`${server.url}/api/tickets/${ticketId}/reply`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          text: 'see file',
          attachments: [{ filename: name, contentType: 'text/plain', content: Buffer.from(name).toString('base64') }],
        }),
      });
      expect(res.status).toBe(201);
      const a = await attachmentOf((await json(res)).message.id);
      expect(a.filename).toBe(marker);
      expect(a.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
      const file = await download(a.id);
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${marker}"; filename*=UTF-8''${marker}`);
      expect(await file.text()).toBe(name);
    }
  });

  it('an ingested message (API channel): names with path parts, quotes, CR/LF or a dot-file name are made harmless', async () => {
    const names = [...hostile, 'inv"oice\r\nSet-Cookie: sb_session=x.pdf', '.htaccess', '../..'];
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers,
      body: JSON.stringify(
        buildInbound({
          attachments: names.map((filename, i) => ({
            filename,
            contentType: 'text/html',
            content: Buffer.from(`<script>${i}</script>`).toString('base64'),
          })),
        }),
      ),
    });
    expect(res.status).toBe(201);
    const rows = await server.ctx.db
      .select()
      .from(attachments)
      .where(eq(attachments.messageId, (await json(res)).messageId));
    expect(rows.map((r) => r.filename).sort()).toEqual(
      [marker, marker, marker, marker, 'attachment', 'htaccess', 'inv"oiceSet-Cookie: sb_session=x.pdf'].sort(),
    );
    const odd = rows.find((r) => r.filename.startsWith('inv'))!;
    const file = await download(odd.id);
    // HTML a customer sent never renders on our origin: a download, sandboxed, with no header injected.
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="inv_oiceSet-Cookie: sb_session=x.pdf"; filename*=UTF-8''inv%22oiceSet-Cookie%3A%20sb_session%3Dx.pdf`,
    );
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(file.headers.getSetCookie()).toEqual([]);
  });

  it('a right-to-left override cannot disguise a program as a PDF: bidi controls and C1 controls are dropped from names', async () => {
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers,
      body: JSON.stringify(
        buildInbound({
          attachments: [
            { filename: 'invoice\u202Efdp.exe', contentType: 'application/octet-stream', content: 'TVo=' },
            { filename: 'a\u2066b\u2069c\u200f\u0085.txt', contentType: 'text/plain', content: 'aGk=' },
          ],
        }),
      ),
    });
    expect(res.status).toBe(201);
    const rows = await server.ctx.db
      .select()
      .from(attachments)
      .where(eq(attachments.messageId, (await json(res)).messageId));
    expect(rows.map((r) => r.filename).sort()).toEqual(['abc.txt', 'invoicefdp.exe']);
    const exe = rows.find((r) => r.filename.endsWith('.exe'))!;
    expect((await download(exe.id)).headers.get('content-disposition')).toBe(
      `attachment; filename="invoicefdp.exe"; filename*=UTF-8''invoicefdp.exe`,
    );
  });

  it('a widget upload (multipart): the visitor sees and the agent downloads the bare name', async () => {
    const inbox = await buildWidgetInbox(server.ctx, { limits: { attachmentTypes: ['text/plain'] } });
    const w = await connectWidget(server.url, { inboxId: inbox.id });
    try {
      for (const name of hostile) {
        const form = new FormData();
        form.append('file', new Blob([name], { type: 'text/plain' }), name);
        const res = await fetch(`${server.url}/api/widget/attachments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${w.welcome.token}` },
          body: form,
        });
        expect(res.status).toBe(201);
        const up = await json(res);
        expect(up.filename).toBe(marker);
        const sent = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: '', attachmentIds: [up.id] });
        expect(sent).toMatchObject({ ok: true, data: { attachments: [{ filename: marker }] } });
        const a = await attachmentOf(sent.ok ? sent.data.id : '');
        expect((await download(a.id)).headers.get('content-disposition')).toBe(
          `attachment; filename="${marker}"; filename*=UTF-8''${marker}`,
        );
      }
    } finally {
      w.socket.close();
    }
  });

  it('an email attachment named ../../etc/passwd (plain and RFC 2231 encoded) is stored as "passwd"', async () => {
    const dovecot = { host: '127.0.0.1', port: 1, user: 'support', password: 'unused' } as Dovecot;
    const inbox = await buildEmailInbox(server.ctx, dovecot, { mailbox: 'INBOX' });
    const raw = Buffer.from(
      [
        'From: Mallory <mallory@customer.example>',
        'To: support@switchboard.test',
        'Subject: Files for you',
        `Message-ID: <${randomUUID()}@customer.example>`,
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Two files.',
        '--b',
        'Content-Type: text/plain; name="../../etc/passwd"',
        'Content-Disposition: attachment; filename="../../etc/passwd"',
        '',
        'root:x:0:0',
        '--b',
        'Content-Type: text/plain',
        "Content-Disposition: attachment; filename*=UTF-8''..%2F..%2F..%2Fetc%2Fshadow",
        '',
        'root:*:1',
        '--b--',
        '',
      ].join('\r\n'),
    );
    const outcome = await processRawEmail(server.ctx, inbox, raw, { inboxId: inbox.id, mailbox: 'INBOX', uid: 1 });
    expect(outcome).toMatchObject({ status: 'ingested' });
    const rows = await server.ctx.db
      .select()
      .from(attachments)
      .where(eq(attachments.messageId, (outcome as { messageId: string }).messageId));
    expect(rows.map((r) => r.filename).sort()).toEqual(['passwd', 'shadow']);
  });

  it('a Telegram document whose file_name climbs directories is stored under its last part', async () => {
    const [tg] = await server.ctx.db.select().from(inboxes).where(eq(inboxes.channel, 'telegram'));
    expect(tg).toBeDefined();
    api.addFile(botToken, 'BQACtraversal', Buffer.from('%PDF-1.4 traversal'));
    const update = loadUpdate('document', { update_id: 815209001, message: { message_id: 9001, caption: 'Traversal document' } });
    Object.assign(update.message!.document!, { file_id: 'BQACtraversal', file_name: `../../../../tmp/${marker}.pdf` });
    api.pushUpdates(botToken, update);
    const [m] = await eventually(
      () =>
        server.ctx.db
          .select()
          .from(messages)
          .where(eq(messages.text, 'Traversal document'))
          .then((r) => r.length && r),
      'the document stored',
      20_000,
    );
    const a = await attachmentOf(m!.id);
    expect(a.filename).toBe(`${marker}.pdf`);
    expect((await download(a.id)).headers.get('content-disposition')).toBe(
      `inline; filename="${marker}.pdf"; filename*=UTF-8''${marker}.pdf`,
    );
  });

  it('wrote nothing outside DATA_DIR/attachments, and only content-addressed files inside it', () => {
    for (const dir of [path.dirname(server.dataDir), '/tmp', '/etc']) {
      for (const suffix of ['', '.pdf']) expect(existsSync(path.join(dir, `${marker}${suffix}`))).toBe(false);
    }
    const stored = filesUnder(server.dataDir).filter((f) => f.startsWith(`attachments${path.sep}`));
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expect(f).toMatch(/^attachments\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    expect(filesUnder(server.dataDir).join('\n')).not.toContain(marker);
  });
});
