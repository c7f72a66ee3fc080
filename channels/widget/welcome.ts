import type { ServiceContext } from '../../server/context.ts';
import { loadCustomerFields, presentCustomerField } from '../../server/services/custom-fields/customer-visible.ts';
import { agentsOnline } from './availability.ts';
import { awayNote } from './away.ts';
import { customerOf, missingPreChat } from './customer-view.ts';
import { loadConversation } from './history.ts';
import type { WidgetInbox } from './inbox.ts';
import type { WidgetWelcome } from './protocol.ts';
import { conversationResolvedAt } from './resolution.ts';
import { publicSettings, widgetLocale } from './settings.ts';
import { loadVisitor, type Visitor } from './visitors.ts';

/** Everything a freshly connected widget needs: its token, settings, who it is, the conversation so far. */
export async function buildWelcome(ctx: ServiceContext, inbox: WidgetInbox, visitor: Visitor, locale?: string): Promise<WidgetWelcome> {
  const [row, messages, online, away, resolvedAt, fields] = await Promise.all([
    loadVisitor(ctx.db, inbox.id, visitor.visitorId),
    loadConversation(ctx.db, visitor.visitorId),
    agentsOnline(ctx.db, inbox.teamId),
    awayNote(ctx.db, inbox, locale),
    conversationResolvedAt(ctx.db, visitor.visitorId),
    loadCustomerFields(ctx.db),
  ]);
  const lang = widgetLocale(inbox.settings, locale);
  const customer = customerOf(row, visitor);
  return {
    token: visitor.token,
    visitorId: visitor.visitorId,
    settings: publicSettings(inbox.id, inbox.settings, locale),
    online,
    away,
    customer,
    preChatDone: !missingPreChat(inbox, customer),
    fields: fields.map((f) => presentCustomerField(f, lang)),
    messages,
    readUpTo: row?.agentReadUpTo ?? null,
    resolvedAt,
  };
}
