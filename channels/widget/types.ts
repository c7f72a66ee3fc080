import type { Namespace, Socket } from 'socket.io';
import type { WidgetClientEvents, WidgetServerEvents } from './protocol.ts';
import type { Connection } from './send-message.ts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoInterServerEvents = {};

export type WidgetNamespace = Namespace<WidgetClientEvents, WidgetServerEvents, NoInterServerEvents, Connection>;
export type WidgetSocket = Socket<WidgetClientEvents, WidgetServerEvents, NoInterServerEvents, Connection>;

export const widgetRooms = {
  /** Every tab of one visitor: replies, typing, read markers. */
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every visitor of one inbox: availability. */
  inbox: (inboxId: string) => `inbox:${inboxId}`,
} as const;
