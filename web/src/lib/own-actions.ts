/** Changes this tab just made, so the agent is not notified about their own assignment. */
const recent = new Map<string, number>();
const WINDOW_MS = 5_000;

export function noteOwnAction(ticketId: string): void {
  recent.set(ticketId, Date.now());
}

export function isOwnAction(ticketId: string): boolean {
  const at = recent.get(ticketId);
  return at !== undefined && Date.now() - at < WINDOW_MS;
}
