import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { openAttachment } from '../services/attachments/open-attachment.ts';
import { contentDisposition } from './content-disposition.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors } from './router.ts';
import { security, uuidParam } from './ticket-schemas.ts';

const download = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['attachments'],
  summary: 'Download an attachment of a ticket you can see (images and PDFs may display inline)',
  security,
  request: { params: z.object({ id: uuidParam('id') }) },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errors,
  },
});

export const attachmentRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(download, async (c) => {
    const file = await openAttachment(ctx, requireActor(c), c.req.valid('param').id);
    const found = await stat(file.path).catch(() => null);
    if (!found) throw notFound('Attachment file');
    const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': file.contentType,
        'Content-Length': String(found.size),
        'Content-Disposition': contentDisposition(file.filename, file.inline),
        'X-Content-Type-Options': 'nosniff',
        // Even a file a browser renders gets no scripts, forms or same-origin access.
        'Content-Security-Policy':
          file.contentType === 'application/pdf' ? "default-src 'none'; object-src 'self'" : "default-src 'none'; img-src 'self'; sandbox",
        'Cache-Control': 'private, max-age=3600',
      },
    });
  });
