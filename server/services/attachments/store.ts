import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredFile {
  storageKey: string;
  sha256: string;
  size: number;
}

export const attachmentsRoot = (dataDir: string) => path.resolve(dataDir, 'attachments');

/**
 * Content-addressed: the key is the SHA-256 of the bytes, so a customer-supplied filename never reaches the
 * filesystem (no traversal) and a replayed message stores nothing twice. Written before the DB transaction;
 * an orphan file from a rolled-back ingest is harmless and is reused by the retry.
 */
export async function storeFile(dataDir: string, content: Buffer): Promise<StoredFile> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const storageKey = `${sha256.slice(0, 2)}/${sha256}`;
  const full = path.join(attachmentsRoot(dataDir), storageKey);
  const exists = await stat(full).then(
    (s) => s.size === content.length,
    () => false,
  );
  if (!exists) {
    await mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, content);
    await rename(tmp, full);
  }
  return { storageKey, sha256, size: content.length };
}

export const filePath = (dataDir: string, storageKey: string) => {
  if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storageKey)) throw new Error(`bad storage key ${storageKey}`);
  return path.join(attachmentsRoot(dataDir), storageKey);
};

/**
 * Strip path parts, control characters and bidi controls from a name shown to people and used in
 * Content-Disposition: "invoice\u202Efdp.exe" would otherwise read as "invoiceexe.pdf".
 */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- removing control and bidi characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 255);
  return cleaned || 'attachment';
}
