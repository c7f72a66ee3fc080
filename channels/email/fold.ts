/**
 * Where the new part of a plain-text mail ends. The console shows `text.slice(0, bodyEnd)` and folds the
 * rest (quoted history, signature) behind a toggle; the stored text itself is never cut.
 */
export interface TextFold {
  bodyEnd: number;
  quoteStart: number | null;
  signatureStart: number | null;
}

const attribution = [
  /^On .{4,200}(wrote|écrit|schrieb)\s*:\s*$/i,
  /^Am .{4,200} schrieb .{0,200}:\s*$/i,
  /^Le .{4,200} a écrit\s*:\s*$/i,
  /^El .{4,200} escribió\s*:\s*$/i,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Forwarded message)\s*-{2,}\s*$/i,
  /^-{3,}\s*原始邮件\s*-{3,}\s*$/,
  /^在\s?.{4,100}写道[:：]\s*$/,
  /^_{10,}\s*$/,
];
const headerBlock = [/^(From|De|Von|发件人|寄件者)\s*[:：]/i, /^(Sent|Date|Envoyé|Gesendet|发送时间|日期)\s*[:：]/i];
const signature = [/^-- ?$/, /^Sent from my \w+/i, /^Get Outlook for /i, /^发自我的/];

export function foldEmailText(text: string): TextFold {
  const lines = text.split('\n');
  let offset = 0;
  let quoteStart: number | null = null;
  let signatureStart: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const trimmed = line.trim();
    if (quoteStart === null) {
      if (attribution.some((re) => re.test(trimmed))) quoteStart = offset;
      else if (headerBlock[0]!.test(trimmed) && headerBlock[1]!.test(lines[i + 1]?.trim() ?? '')) quoteStart = offset;
      else if (line.startsWith('>') && restIsQuoted(lines, i)) quoteStart = offset;
    }
    if (signatureStart === null && quoteStart === null && signature.some((re) => re.test(line))) signatureStart = offset;
    offset += lines[i]!.length + 1;
  }
  const cuts = [quoteStart, signatureStart].filter((n): n is number => n !== null);
  // Nothing to fold: the whole text, trailing newline included (a cut before it offered "Show quoted text" for nothing).
  if (!cuts.length) return { bodyEnd: text.length, quoteStart, signatureStart };
  const bodyEnd = Math.min(...cuts);
  // A mail that is all quote (a forward without a word) keeps everything visible.
  if (text.slice(0, bodyEnd).trim() === '') return { bodyEnd: text.length, quoteStart, signatureStart };
  return { bodyEnd: trimEnd(text, bodyEnd), quoteStart, signatureStart };
}

/** From line i on, every non-blank line is quoted (interleaved answers are not history). */
function restIsQuoted(lines: string[], from: number): boolean {
  return lines.slice(from).every((l) => l.trim() === '' || l.startsWith('>'));
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}
