/**
 * The list's second line: the last message, minus what the subject already says. A chat's subject is its first
 * line, so a one-line first message would otherwise be shown twice.
 */
export function previewBeyondSubject(subject: string, preview: string | null | undefined): string | null {
  const text = preview?.trim();
  if (!text) return null;
  const head = subject.trim();
  if (text === head) return null;
  if (head && text.startsWith(`${head}\n`)) return text.slice(head.length).trim() || null;
  return text;
}
