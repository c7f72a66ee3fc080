/**
 * The one check every outbound message passes right before an adapter's send(): a contact center that
 * echoes a customer's own message, leaks an internal note, or auto-answers an auto-reply starts mail loops
 * and leaks. Pure, so every channel shares it and tests can reach every branch.
 */
export interface LoopGuardInput {
  direction: 'in' | 'out' | 'note';
  /** Sent by the system (acknowledgement, survey), not typed by an agent. */
  automatic: boolean;
  /** The customer message this one answers was itself automated (auto-reply, bounce, bulk). */
  answersAutomated: boolean;
  /** Where it would go, and addresses that are our own (mailboxes, bot ids): never send to ourselves. */
  recipient?: string;
  ownAddresses?: readonly string[];
}

export type LoopGuardVerdict = { ok: true } | { ok: false; reason: string };

export function checkLoopGuard(m: LoopGuardInput): LoopGuardVerdict {
  if (m.direction === 'in') return { ok: false, reason: 'an inbound message is never sent back to its channel' };
  if (m.direction === 'note') return { ok: false, reason: 'an internal note is never delivered' };
  if (m.automatic && m.answersAutomated) {
    return { ok: false, reason: 'an automatic message never answers an automated one (auto-reply loop)' };
  }
  const to = m.recipient?.trim().toLowerCase();
  if (to && m.ownAddresses?.some((a) => a.trim().toLowerCase() === to)) {
    return { ok: false, reason: `the recipient ${m.recipient} is one of our own addresses` };
  }
  return { ok: true };
}
