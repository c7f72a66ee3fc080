import type { csatResponses } from '../../db/schema/index.ts';

type CsatRow = typeof csatResponses.$inferSelect;

export function presentCsat(r: CsatRow) {
  return {
    id: r.id,
    ticketId: r.ticketId,
    channel: r.channel,
    customerId: r.customerId,
    agentId: r.agentId,
    rating: r.rating,
    comment: r.comment,
    resolvedAt: r.resolvedAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type CsatView = ReturnType<typeof presentCsat>;
