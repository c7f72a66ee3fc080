import { ensureBuilt, builds, root } from './builds.ts';
import path from 'node:path';

export const widgetBundle = path.join(root, builds.widget.output);

/** Builds the widget when dist/widget.js is missing (a fresh clone) or older than its sources; otherwise reuses it. */
export function ensureWidgetBuilt(): string {
  return ensureBuilt('widget');
}
