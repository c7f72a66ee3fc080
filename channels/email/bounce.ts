/** One failed recipient from a delivery status notification (RFC 3464). */
export interface BouncedRecipient {
  address: string;
  status: string;
  permanent: boolean;
  diagnostic: string | null;
}

export interface BounceReport {
  recipients: BouncedRecipient[];
  /** The Message-ID of the mail that bounced, when the report carries its headers. */
  originalMessageId: string | null;
}

const field = (block: string, name: string) =>
  block
    .match(new RegExp(`^${name}:\\s*(.+(?:\\r?\\n[ \\t].+)*)`, 'im'))?.[1]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .trim() ?? null;

/** Reads the message/delivery-status part and the returned headers of a DSN. */
export function parseDeliveryStatus(status: string, returnedHeaders: string | null): BounceReport {
  const recipients: BouncedRecipient[] = [];
  for (const block of status.split(/\r?\n\s*\r?\n/)) {
    const final = field(block, 'Final-Recipient') ?? field(block, 'Original-Recipient');
    if (!final) continue;
    const address = final
      .replace(/^[^;]*;\s*/, '')
      .replace(/^<|>$/g, '')
      .trim()
      .toLowerCase();
    const action = (field(block, 'Action') ?? '').toLowerCase();
    const code = field(block, 'Status') ?? '';
    if (action && action !== 'failed' && action !== 'delayed') continue;
    recipients.push({
      address,
      status: code,
      permanent: action === 'failed' && code.startsWith('5'),
      diagnostic: field(block, 'Diagnostic-Code'),
    });
  }
  const originalMessageId = returnedHeaders ? (field(returnedHeaders, 'Message-ID')?.match(/<[^>]+>/)?.[0] ?? null) : null;
  return { recipients, originalMessageId };
}
