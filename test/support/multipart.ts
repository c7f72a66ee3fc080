export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * A small multipart/form-data reader for test servers. grammY writes headers without spaces and unquoted
 * filenames (`content-disposition:form-data;name="x";filename=a.pdf`), which stricter parsers reject.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    // Part = CRLF headers CRLF CRLF data CRLF
    const raw = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = raw.indexOf('\r\n\r\n');
    const headers = raw.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const data = Buffer.from(raw.subarray(headerEnd + 4));
    const part: MultipartPart = { name: '', data };
    for (const line of headers) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-type') part.contentType = value;
      if (key === 'content-disposition') {
        part.name = /name="([^"]*)"/.exec(value)?.[1] ?? '';
        const file = /filename=(?:"([^"]*)"|([^;]+))/.exec(value);
        if (file) part.filename = file[1] ?? file[2];
      }
    }
    parts.push(part);
    start = next;
  }
  return parts;
}
