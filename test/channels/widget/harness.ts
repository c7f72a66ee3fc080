import { io, type Socket } from 'socket.io-client';
import type { ServiceContext } from '../../../server/context.ts';
import { createInbox } from '../../../server/services/inboxes/create-inbox.ts';
import { rotateIdentitySecret } from '../../../channels/widget/rotate-identity-secret.ts';
import type {
  WidgetAck,
  WidgetClientEvents,
  WidgetError,
  WidgetHandshake,
  WidgetServerEvents,
  WidgetWelcome,
} from '../../../channels/widget/protocol.ts';
import { buildActor } from '../../support/factories.ts';

export type WidgetClient = Socket<WidgetServerEvents, WidgetClientEvents>;

/** A widget inbox made the way an admin makes one (the inbox service, settings validated), with its identity secret. */
export async function buildWidgetInbox(
  ctx: ServiceContext,
  settings: Record<string, unknown> = {},
  opts: { teamId?: string; enabled?: boolean } = {},
) {
  const admin = await buildActor(ctx, ['admin']);
  const inbox = await createInbox(ctx, admin, {
    channel: 'widget',
    name: `Chat ${Math.random().toString(36).slice(2, 8)}`,
    settings,
    teamId: opts.teamId ?? null,
    enabled: opts.enabled ?? true,
  });
  const { identitySecret } = await rotateIdentitySecret(ctx, admin, inbox.id);
  return { ...inbox, identitySecret, admin };
}

export interface ConnectedWidget {
  socket: WidgetClient;
  welcome: WidgetWelcome;
  /** Every server event in order (welcome included). */
  seen: Array<{ name: string; data: unknown }>;
}

/** A widget tab: connects to /widget and resolves with the welcome; rejects with the server's refusal ({ code, message }). */
export function connectWidget(url: string, auth: WidgetHandshake, headers: Record<string, string> = {}): Promise<ConnectedWidget> {
  const socket: WidgetClient = io(`${url}/widget`, {
    transports: ['websocket'],
    auth,
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  });
  const seen: ConnectedWidget['seen'] = [];
  socket.onAny((name: string, data: unknown) => seen.push({ name, data }));
  return new Promise((resolve, reject) => {
    socket.once('welcome', (welcome) => resolve({ socket, welcome, seen }));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(Object.assign(err, { code: (err as { data?: WidgetError }).data?.code }));
    });
  });
}

export function refusalOf(p: Promise<unknown>): Promise<WidgetError> {
  return p.then(
    () => {
      throw new Error('expected the handshake to be refused');
    },
    (err: { data?: WidgetError }) => err.data!,
  );
}

export function emit<K extends keyof WidgetClientEvents>(
  socket: WidgetClient,
  name: K,
  payload: Parameters<WidgetClientEvents[K]>[0],
): Promise<WidgetAck<any>> {
  return (socket.timeout(10_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<WidgetAck<any>> }).emitWithAck(name, payload);
}

export const events = (w: ConnectedWidget, name: string) => w.seen.filter((e) => e.name === name).map((e) => e.data as any);
