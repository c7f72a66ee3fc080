import { z } from 'zod';

export const MAX_MACRO_ACTIONS = 20;

/** A macro's actions: the automation engine's action shapes, so a macro does exactly what a rule's action does. */
export const macroActionList = z
  .array(z.record(z.string(), z.unknown()))
  .min(1, 'a macro needs at least one action')
  .max(MAX_MACRO_ACTIONS, `at most ${MAX_MACRO_ACTIONS} actions`);
