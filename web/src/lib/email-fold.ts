/**
 * Where the console cuts an email's plain text, or null when the cut would hide nothing: the server's fold
 * (`meta.email.fold.bodyEnd`) of mail stored by older versions can stop before a trailing newline, and a mail
 * that is all quote stays whole.
 */
export function textFoldAt(text: string, bodyEnd: number | undefined): number | null {
  if (bodyEnd === undefined || bodyEnd >= text.length) return null;
  if (text.slice(bodyEnd).trim() === '' || text.slice(0, bodyEnd).trim() === '') return null;
  return bodyEnd;
}
