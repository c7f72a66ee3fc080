import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { ServiceError } from '../../server/errors.ts';
import { invalidInput } from '../../server/invalid-input.ts';
import { toWireError } from '../../server/wire-error.ts';
import { checkIdentity } from './identity.ts';
import { requireLiveInbox, type WidgetInbox } from './inbox.ts';
import { originAllowed } from './origin.ts';
import { widgetRefusal } from './refusals.ts';
import type { WidgetError } from './protocol.ts';
import { spend, widgetRates } from './rate-limits.ts';
import type { VisitorTokens } from './token.ts';
import type { WidgetSocket } from './types.ts';
import { visitorClient } from './visitor-client.ts';
import { resolveVisitor } from './visitors.ts';

const handshakeSchema = z.object({
  inboxId: z.string().max(100),
  token: z.string().max(300).optional(),
  identity: z
    .object({
      userId: z.string().trim().min(1).max(200),
      hash: z.string().max(200).optional(),
      name: z.string().trim().max(200).optional(),
      email: z.email().max(320).optional(),
    })
    .optional(),
  locale: z.string().max(35).optional(),
  /** The host page's path and the visitor's IANA time zone, shown to agents beside the visitor's name. */
  page: z.string().max(2000).optional(),
  tz: z.string().max(64).optional(),
});

/** socket.io passes `data` to the client's connect_error: the same { code, message } as an ack error. */
const refuse = (e: WidgetError) => Object.assign(new Error(e.message), { data: e });

/** The caller's IP: the socket peer, or with TRUST_PROXY=true the hop our proxy appended. */
export function socketIp(socket: WidgetSocket, trustProxy: boolean): string | null {
  const fwd = socket.handshake.headers['x-forwarded-for'];
  if (trustProxy && typeof fwd === 'string')
    return (
      fwd
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean)
        .at(-1)
        ?.slice(0, 100) ?? null
    );
  return socket.handshake.address || null;
}

/**
 * The /widget handshake: a live widget inbox, an allowed Origin, a budget of connections per IP; then the
 * visitor the token names (or a new one). A forged or foreign token is not an error: it simply starts afresh.
 */
export function admitVisitor(ctx: ServiceContext, tokens: VisitorTokens, admitted: WeakMap<WidgetSocket, WidgetInbox>) {
  return async (socket: WidgetSocket, next: (err?: Error) => void) => {
    try {
      const parsed = handshakeSchema.safeParse(socket.handshake.auth ?? {});
      if (!parsed.success) {
        const refused = invalidInput('handshake', parsed.error);
        // A chat that cannot name its inbox has nothing to connect to, like an unknown one.
        throw parsed.error.issues[0]!.path[0] === 'inboxId' ? new ServiceError('NOT_FOUND', refused.message, refused.details) : refused;
      }
      const auth = parsed.data;
      const inbox = await requireLiveInbox(ctx, auth.inboxId);
      if (!originAllowed(socket.handshake.headers, inbox.settings, ctx.config)) {
        throw widgetRefusal(
          'ORIGIN_NOT_ALLOWED',
          `This chat may not be embedded on ${String(socket.handshake.headers.origin).slice(0, 200)}`,
        );
      }
      const ip = socketIp(socket, ctx.config.TRUST_PROXY === 'true');
      if (ip) await spend(ctx, 'connections', [[`hs:ip:${ip}`, widgetRates.handshakesPerIp]]);
      const identity = checkIdentity(auth.identity, inbox.identitySecret);
      const visitor = await resolveVisitor(ctx, tokens, inbox, auth.token, identity);
      const client = visitorClient(socket.handshake.headers, auth);
      socket.data = { visitor, ip, client, ...(auth.locale ? { locale: auth.locale } : {}) };
      admitted.set(socket, inbox);
      next();
    } catch (err) {
      next(refuse(toWireError(err, { log: ctx.log, at: 'widget handshake' }).error));
    }
  };
}
