import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteArticle } from '../../knowledge-base/articles/delete-article.ts';
import { archiveArticle, publishArticle } from '../../knowledge-base/articles/set-article-status.ts';
import { updateArticle } from '../../knowledge-base/articles/update-article.ts';
import { createPostgresEngine } from '../../knowledge-base/search/postgres/engine.ts';
import { searchEngine, useSearchEngine } from '../../knowledge-base/search/select.ts';
import { createSynonym } from '../../knowledge-base/synonyms/synonyms.ts';
import { outbox } from '../../server/db/schema/index.ts';
import { contextWorld } from '../support/context-world.ts';
import { buildArticle, drainKbOutbox, editorActor, switchableEngine } from '../support/kb.ts';

const { t } = contextWorld();
beforeEach(async () => {
  useSearchEngine(t.ctx, createPostgresEngine(t.ctx.db));
});

const found = async (q: string) => (await searchEngine(t.ctx).search({ q, filters: { status: ['published'] } })).hits.map((h) => h.id);

describe('indexing through the outbox', () => {
  it('keeps the index in step with create, update, publish, archive and delete', async () => {
    const a = await buildArticle(t.ctx, { title: 'Router reboots at midnight', status: 'draft' });
    expect(await found('router reboots')).toEqual([]);
    await drainKbOutbox(t.ctx);
    expect(await found('router reboots')).toEqual([]);

    await publishArticle(t.ctx, editorActor, a.id);
    await drainKbOutbox(t.ctx);
    expect(await found('router reboots')).toEqual([a.id]);

    await updateArticle(t.ctx, editorActor, a.id, { title: 'Modem overheats in summer', expectedVersion: 1 });
    await drainKbOutbox(t.ctx);
    expect(await found('router reboots')).toEqual([]);
    expect(await found('modem overheats')).toEqual([a.id]);

    await archiveArticle(t.ctx, editorActor, a.id);
    await drainKbOutbox(t.ctx);
    expect(await found('modem overheats')).toEqual([]);

    await deleteArticle(t.ctx, editorActor, a.id);
    await drainKbOutbox(t.ctx);
    expect((await searchEngine(t.ctx).search({ q: 'modem overheats' })).hits).toEqual([]);
    expect((await searchEngine(t.ctx).health()).documents).toBe(0);
  });

  it('sends synonym groups to the engine', async () => {
    const a = await buildArticle(t.ctx, { title: 'Cannot log in to the portal' });
    await drainKbOutbox(t.ctx);
    expect(await found('sign in problem')).not.toContain(a.id);
    await createSynonym(t.ctx, editorActor, { terms: ['log in', 'sign in', '登录'] });
    await drainKbOutbox(t.ctx);
    expect((await found('sign in problem'))[0]).toBe(a.id);
    expect((await found('无法登录'))[0]).toBe(a.id);
  });

  it('retries while the engine is down and catches up when it returns, losing nothing', async () => {
    const sw = switchableEngine(createPostgresEngine(t.ctx.db));
    useSearchEngine(t.ctx, sw.engine);
    sw.state.down = true;
    const a = await buildArticle(t.ctx, { title: 'Printer prints blank pages' });
    const first = await drainKbOutbox(t.ctx);
    expect(first).toMatchObject({ done: 0, retried: 1 });
    const [row] = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'kb.index'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toContain('down');

    sw.state.down = false;
    t.clock.advance(60 * 60_000);
    expect(await drainKbOutbox(t.ctx)).toMatchObject({ done: 1 });
    expect(await found('blank pages')).toEqual([a.id]);
  });
});
