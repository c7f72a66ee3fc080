import type { macros } from '../../db/schema/index.ts';
import type { MacroScope } from './input.ts';

type Row = typeof macros.$inferSelect;

export function presentMacro(r: Row) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    scope: (r.ownerUserId ? 'personal' : 'shared') as MacroScope,
    ownerId: r.ownerUserId,
    createdById: r.createdByUserId,
    actions: r.actions,
    useCount: r.useCount,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type MacroView = ReturnType<typeof presentMacro>;
