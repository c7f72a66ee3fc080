/**
 * Mail a machine sent in (out-of-office, bounce, bulk; the server's `automated` mark): shown in the thread with a
 * label, but it did not reopen the ticket and nobody is told "the customer wrote".
 */
export const isAutomatic = (m: { direction: string; meta: Record<string, unknown> }): boolean =>
  m.direction === 'in' && m.meta.automated === true;
