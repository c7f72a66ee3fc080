export interface Upload {
  filename: string;
  contentType: string;
  /** Base64, as the reply API takes attachments. */
  content: string;
  size: number;
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function readUploads(list: FileList | null): Promise<Upload[]> {
  const out: Upload[] = [];
  for (const f of list ?? []) {
    out.push({
      filename: f.name,
      contentType: f.type || 'application/octet-stream',
      content: toBase64(await f.arrayBuffer()),
      size: f.size,
    });
  }
  return out;
}
