import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { channelState } from '../../server/db/schema/index.ts';

/** How many processed update ids are remembered: webhook retries of older updates are recognised among them. */
const RECENT = 200;

export interface UpdateCursor {
  /** The getUpdates offset: one past the highest update handled. */
  offset: number;
  /** Update ids handled lately, newest last. */
  recent: number[];
}

/** Keyed by bot, not inbox: a new token for another bot starts a fresh sequence of update ids. */
export const cursorKey = (botId: string) => `telegram:bot:${botId}`;

export async function readCursor(ctx: ServiceContext, botId: string): Promise<UpdateCursor> {
  const [row] = await ctx.db
    .select()
    .from(channelState)
    .where(eq(channelState.key, cursorKey(botId)));
  return parse(row?.value);
}

/** True when this update was handled already (a webhook retry, a re-delivered batch). */
export function isHandled(cursor: UpdateCursor, updateId: number): boolean {
  if (cursor.recent.includes(updateId)) return true;
  return cursor.recent.length >= RECENT && updateId < Math.min(...cursor.recent);
}

/**
 * Records an update as handled; called only after its message committed. One statement (the row lock of the
 * upsert serialises racing nodes): offset = max(offset, id + 1), id appended to the last RECENT ids.
 */
export async function markHandled(ctx: ServiceContext, botId: string, updateId: number): Promise<void> {
  const id = sql`${updateId}::bigint`;
  await ctx.db.execute(sql`
    insert into channel_state (key, value, updated_at)
    values (${cursorKey(botId)}, jsonb_build_object('offset', ${id} + 1, 'recent', jsonb_build_array(${id})), now())
    on conflict (key) do update set
      value = case when channel_state.value->'recent' @> to_jsonb(${id}) then channel_state.value
        else jsonb_build_object(
          'offset', greatest(coalesce((channel_state.value->>'offset')::bigint, 0), ${id} + 1),
          'recent', (select coalesce(jsonb_agg(x order by ord), '[]'::jsonb) from (
            select x, ord from jsonb_array_elements(coalesce(channel_state.value->'recent', '[]'::jsonb) || to_jsonb(${id}))
              with ordinality as e(x, ord)
            order by ord desc limit ${RECENT}) kept))
        end,
      updated_at = now()`);
}

function parse(value: Record<string, unknown> | undefined): UpdateCursor {
  const offset = typeof value?.offset === 'number' ? value.offset : 0;
  const recent = Array.isArray(value?.recent) ? value.recent.filter((n): n is number => typeof n === 'number') : [];
  return { offset, recent };
}
