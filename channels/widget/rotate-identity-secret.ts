import type { ServiceContext } from '../../server/context.ts';
import { invalid } from '../../server/errors.ts';
import type { Actor } from '../../server/services/actor.ts';
import type { RequestOrigin } from '../../server/services/audit/record-audit.ts';
import { getInbox } from '../../server/services/inboxes/list-inboxes.ts';
import { updateInbox } from '../../server/services/inboxes/update-inbox.ts';
import { generateIdentitySecret } from './settings.ts';

/**
 * A new identity-verification secret for a widget inbox, returned this once (like an API token): the host
 * site's back end signs user ids with it. The old one stops verifying at once. Admins only; audited.
 */
export async function rotateIdentitySecret(
  ctx: ServiceContext,
  actor: Actor,
  inboxId: string,
  origin: RequestOrigin = {},
): Promise<{ identitySecret: string }> {
  const inbox = await getInbox(ctx, actor, inboxId);
  if (inbox.channel !== 'widget')
    throw invalid('Only chat widget inboxes have an identity secret', [{ path: 'id', message: 'not a widget inbox' }]);
  const identitySecret = generateIdentitySecret();
  await updateInbox(ctx, actor, inboxId, { secrets: { identitySecret } }, origin);
  return { identitySecret };
}
