import { z } from 'zod';
import { requireRole, type Actor } from '../../server/services/actor.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { renderMarkdown } from './markdown.ts';

export const previewInput = z.object({ body: z.string().max(200_000, 'at most 200000 characters') });

/**
 * The editor's live preview: the very pipeline the help center and widget get (marked, then sanitize-html),
 * so what the editor sees is what customers will see, and nothing unsafe reaches either.
 */
export function previewMarkdown(actor: Actor, raw: z.input<typeof previewInput>) {
  requireRole(actor, EDITOR_ROLES, 'Previewing articles');
  const { body } = parseInput(previewInput, raw, 'preview');
  return { html: renderMarkdown(body) };
}
