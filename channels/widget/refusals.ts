import { forbidden } from '../../server/errors.ts';
import type { WidgetRefusalReason } from './protocol.ts';

/** A FORBIDDEN with the reason the widget reads to stop reconnecting (see WidgetRefusalReason). */
export const widgetRefusal = (reason: WidgetRefusalReason, message: string) => forbidden(message, { reason });

export const chatSwitchedOff = () => widgetRefusal('INBOX_DISABLED', 'This chat is switched off');
