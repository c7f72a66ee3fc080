import type { cannedResponses } from '../../db/schema/index.ts';

type Row = typeof cannedResponses.$inferSelect;

export function presentCannedResponse(r: Row) {
  return {
    id: r.id,
    scope: r.scope,
    ownerId: r.ownerId,
    createdById: r.createdById,
    shortcut: r.shortcut,
    title: r.title,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type CannedResponseView = ReturnType<typeof presentCannedResponse>;
