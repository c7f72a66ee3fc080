import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { attachments } from '../../db/schema/index.ts';
import { cleanFilename, storeFile, type StoredFile } from './store.ts';

export const MAX_ATTACHMENTS = 10;

/** An attachment uploaded with an agent's reply (base64, bounded by the HTTP body limit). */
export const uploadSchema = z.strictObject({
  filename: z.string().min(1).max(255),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type like image/png')
    .max(255),
  content: z.base64(),
});
export type Upload = z.infer<typeof uploadSchema>;

export type Stored = StoredFile & { filename: string; contentType: string };

/** Files go to disk before the transaction; an orphan left by a rollback is content-addressed and reused. */
export async function storeUploads(dataDir: string, uploads: readonly Upload[]): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const u of uploads) {
    const stored = await storeFile(dataDir, Buffer.from(u.content, 'base64'));
    out.push({ ...stored, filename: cleanFilename(u.filename), contentType: u.contentType.toLowerCase() });
  }
  return out;
}

export async function insertAttachmentRows(tx: Tx, messageId: string, stored: readonly Stored[]) {
  if (!stored.length) return [];
  return tx
    .insert(attachments)
    .values(
      stored.map((f) => ({
        messageId,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        storageKey: f.storageKey,
        sha256: f.sha256,
      })),
    )
    .returning();
}
