import { GrammyError, type Api } from 'grammy';
import type { InboundAttachment } from '../types.ts';
import type { MediaRef } from './normalise.ts';

/** The public Bot API serves files up to 20 MB through getFile; bigger ones can only be pointed at. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export type MediaResult = { attachment: InboundAttachment } | { skipped: string };

/**
 * Fetches a file the customer sent. A file Telegram will not hand out (too big) becomes a note on the message
 * instead of an error, so the message itself is still stored; network and server errors propagate and the
 * update is retried.
 */
export async function downloadMedia(api: Api, apiRoot: string, token: string, ref: MediaRef, signal?: AbortSignal): Promise<MediaResult> {
  if (ref.size && ref.size > MAX_DOWNLOAD_BYTES) return { skipped: tooBig(ref) };
  let filePath: string | undefined;
  try {
    filePath = (await api.getFile(ref.fileId)).file_path;
  } catch (err) {
    if (!(err instanceof GrammyError) || err.error_code !== 400) throw err;
    return {
      skipped: /too big/i.test(err.description)
        ? tooBig(ref)
        : `[${ref.filename} could not be downloaded from Telegram: ${err.description}]`,
    };
  }
  if (!filePath) return { skipped: `[${ref.filename} could not be downloaded from Telegram]` };
  const res = await fetch(`${apiRoot}/file/bot${token}/${filePath}`, { signal });
  if (!res.ok) throw new Error(`Telegram file download failed: HTTP ${res.status}`);
  const content = Buffer.from(await res.arrayBuffer());
  return { attachment: { filename: ref.filename, contentType: ref.contentType, content } };
}

const tooBig = (ref: MediaRef) =>
  `[${ref.filename} is larger than Telegram lets bots download (${ref.size ? `${(ref.size / 1024 / 1024).toFixed(1)} MB` : 'over 20 MB'}); ask the customer to send it another way]`;
