/**
 * The Message-ID the email adapter gives an outgoing message row: stable across retries, and it names the row it
 * came from, so a customer's answer threads by it (channels/email/threading.ts). A conversation an agent starts by
 * email takes its first message's id as the ticket's thread key, as a customer's first mail does.
 */
export const emailMessageId = (messageRowId: string, address: string) =>
  `<sb-${messageRowId}@${address.slice(address.lastIndexOf('@') + 1).toLowerCase() || 'switchboard.invalid'}>`;
