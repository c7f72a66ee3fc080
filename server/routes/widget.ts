import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireLiveInbox, type WidgetInbox } from '../../channels/widget/inbox.ts';
import { originAllowed } from '../../channels/widget/origin.ts';
import { widgetRefusal } from '../../channels/widget/refusals.ts';
import { publicSettings, widgetSettingsOf } from '../../channels/widget/settings.ts';
import { visitorTokens } from '../../channels/widget/token.ts';
import { checkSize, openForVisitor, saveUpload } from '../../channels/widget/uploads.ts';
import type { ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { inboxes } from '../db/schema/index.ts';
import { clientIp } from './client-info.ts';
import { contentDisposition } from './content-disposition.ts';
import type { AppEnv } from './env.ts';

const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);
/** Above every inbox's possible limit (settings cap 50 MB) plus multipart framing: nothing bigger is even read. */
const HARD_UPLOAD_CAP = 51 * 1024 * 1024;

const headersOf = (c: Context) => c.req.header() as Record<string, string | undefined>;

/**
 * The widget's HTTP beside its socket (see channels/widget/protocol.ts): public settings, uploads and downloads
 * with the visitor token. Mounted before /api's session authentication and body limit; CORS echoes an origin
 * only when the inbox allows it. Errors go to the app's onError, like every other route's.
 */
export function widgetRoutes(ctx: ServiceContext) {
  const tokens = visitorTokens(ctx);
  const app = new Hono<AppEnv>();

  const cors = (c: Context, inbox: WidgetInbox) => {
    const origin = c.req.header('origin');
    if (!origin) return;
    if (!originAllowed(headersOf(c), inbox.settings, ctx.config)) {
      throw widgetRefusal('ORIGIN_NOT_ALLOWED', `This chat may not be used from ${origin.slice(0, 200)}`);
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
  };

  /** The visitor a token names, on an inbox that is live now; a bad token is 404-like "not found" for the resource. */
  const visitorOf = async (c: Context) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const parsed = tokens.parse(bearer ?? c.req.query('token'));
    if (!parsed) throw new ServiceError('FORBIDDEN', 'A valid visitor token is required (Authorization: Bearer <token> or ?token=)');
    const inbox = await requireLiveInbox(ctx, parsed.inboxId);
    cors(c, inbox);
    return { inbox, visitor: parsed };
  };

  // Preflight: the inbox is not known yet (the token is in a header the preflight does not carry), so an origin
  // is echoed when any live widget inbox allows it; the request itself is then checked against its own inbox.
  app.options('*', async (c) => {
    const origin = c.req.header('origin');
    if (origin) {
      const rows = await ctx.db
        .select({ settings: inboxes.settings })
        .from(inboxes)
        .where(and(eq(inboxes.channel, 'widget'), eq(inboxes.enabled, true)));
      if (rows.some((r) => originAllowed(headersOf(c), widgetSettingsOf(r.settings), ctx.config))) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Methods', 'GET, POST');
        c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        c.header('Access-Control-Max-Age', '600');
      }
      c.header('Vary', 'Origin');
    }
    return c.body(null, 204);
  });

  app.get('/inboxes/:inboxId/settings', async (c) => {
    const inbox = await requireLiveInbox(ctx, c.req.param('inboxId'));
    cors(c, inbox);
    c.header('Cache-Control', 'no-cache');
    return c.json(publicSettings(inbox.id, inbox.settings, c.req.query('locale') ?? c.req.header('accept-language')));
  });

  app.post(
    '/attachments',
    bodyLimit({
      maxSize: HARD_UPLOAD_CAP,
      onError: () => {
        throw new ServiceError('PAYLOAD_TOO_LARGE', 'file: too large');
      },
    }),
    async (c) => {
      const { inbox, visitor } = await visitorOf(c);
      const declared = Number(c.req.header('content-length') ?? 0);
      // Refuse an obviously oversized body before reading it (multipart framing is small next to the limit).
      if (declared > 0) checkSize(inbox, Math.max(0, declared - 16 * 1024));
      const body = await c.req.parseBody().catch(() => {
        throw new ServiceError('VALIDATION', 'Send the file as multipart/form-data in the field "file"');
      });
      const file = body.file;
      if (!(file instanceof File)) throw new ServiceError('VALIDATION', 'file: is required (multipart/form-data field "file")');
      const saved = await saveUpload(ctx, inbox, visitor, clientIp(c, ctx.config), {
        name: file.name || 'attachment',
        type: file.type || 'application/octet-stream',
        bytes: Buffer.from(await file.arrayBuffer()),
      });
      return c.json(saved, 201);
    },
  );

  app.get('/attachments/:id', async (c) => {
    const { visitor } = await visitorOf(c);
    const file = await openForVisitor(ctx, visitor, c.req.param('id'));
    const found = await stat(file.path).catch(() => null);
    if (!found) throw new ServiceError('NOT_FOUND', 'Attachment file not found');
    const type = file.contentType.toLowerCase();
    const inline = INLINE_TYPES.has(type);
    return new Response(Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        ...Object.fromEntries(c.res.headers.entries()),
        'Content-Type': inline ? type : 'application/octet-stream',
        'Content-Length': String(found.size),
        'Content-Disposition': contentDisposition(file.filename, inline),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy':
          type === 'application/pdf' ? "default-src 'none'; object-src 'self'" : "default-src 'none'; img-src 'self'; sandbox",
        'Cache-Control': 'private, max-age=3600',
      },
    });
  });

  return app;
}
