/** Telegram's limit for one text message, in UTF-16 code units (what String.length counts). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Splits a long reply into messages Telegram accepts, breaking at a paragraph, else a line, else a space in
 * the back half of each piece, and never inside a surrogate pair (an emoji cut in two would be rejected).
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const at = window.lastIndexOf(sep, limit);
      if (at >= limit / 2) {
        cut = at;
        break;
      }
    }
    if (cut === -1) cut = isHighSurrogate(rest.charCodeAt(limit - 1)) ? limit - 1 : limit;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
