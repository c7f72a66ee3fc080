import type { customFields } from '../../db/schema/index.ts';

type FieldRow = typeof customFields.$inferSelect;

export function presentField(f: FieldRow) {
  return {
    id: f.id,
    entity: f.entity,
    key: f.key,
    type: f.type,
    labels: f.labels,
    help: f.help,
    options: f.options,
    requiredToResolve: f.requiredToResolve,
    customerVisible: f.customerVisible,
    agentEditable: f.agentEditable,
    position: f.position,
    archivedAt: f.archivedAt?.toISOString() ?? null,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}
export type FieldView = ReturnType<typeof presentField>;
