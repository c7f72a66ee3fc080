import { actionsSchema, MAX_ACTIONS, type Action } from '../automation/schema.ts';

export const MAX_MACRO_ACTIONS = MAX_ACTIONS;

/** A macro's actions are the automation engine's actions, so a macro does exactly what a rule's action does. */
export const macroActionList = actionsSchema;

/** Stored actions read back (they were checked when saved; a shape the engine has since dropped is skipped). */
export function storedActions(raw: readonly unknown[]): Action[] {
  const parsed = actionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return raw.flatMap((a) => {
    const one = actionsSchema.element.safeParse(a);
    return one.success ? [one.data] : [];
  });
}
