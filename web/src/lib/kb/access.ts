import { hasRole } from '../session.svelte.ts';

/** Who sees the write controls (the server refuses everyone else with 403 anyway). */
export const canEditKb = () => hasRole('editor', 'admin');
/** Who works tickets, and so sees suggestions and can link articles to them. */
export const worksTickets = () => hasRole('agent', 'supervisor', 'admin');
