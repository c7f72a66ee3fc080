import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresEngine } from '../../knowledge-base/search/postgres/engine.ts';
import { useSearchEngine } from '../../knowledge-base/search/select.ts';
import { startSuggestionProcessor } from '../../knowledge-base/suggest/processor.ts';
import type { TicketSuggestions } from '../../knowledge-base/suggest/types.ts';
import { kbArticles, messages, ticketArticleLinks } from '../../server/db/schema/index.ts';
import { contextWorld } from '../support/context-world.ts';
import { buildTicket } from '../support/factories.ts';
import { buildApp, buildTokenUser } from '../support/http.ts';
import { buildArticle, drainKbOutbox, switchableEngine, waitFor } from '../support/kb.ts';

const { t } = contextWorld();
let stop: () => Promise<void>;
let received: TicketSuggestions[];
beforeAll(() => {
  t.ctx.events.on('kb.suggestions', (e) => received.push(e));
});
beforeEach(async () => {
  received = [];
  useSearchEngine(t.ctx, createPostgresEngine(t.ctx.db));
  stop = startSuggestionProcessor(t.ctx);
});
afterEach(() => stop());

const defect = {
  kind: 'defect' as const,
  title: 'Android app crashes when opening the camera',
  symptoms: 'The app closes by itself as soon as the photo upload screen opens. No error is shown.',
  product: 'Mobile app',
  workaround: 'Open Settings > Apps > Switchboard > Permissions and allow Camera, then try again.',
};
const forTicket = (ticketId: string) => () => received.find((e) => e.ticketId === ticketId);

describe('suggestions per ticket', () => {
  it('shows the matching known defect first on a new ticket, highlighted, with the workaround to insert', async () => {
    const a = await buildArticle(t.ctx, defect);
    await buildArticle(t.ctx, { title: 'How to change your profile photo', body: 'Tap your avatar and choose a new picture.' });
    await buildArticle(t.ctx, { title: 'Exporting invoices as PDF' });
    await drainKbOutbox(t.ctx);
    const started = Date.now();
    const ticket = await buildTicket(t.ctx, {
      subject: 'App keeps closing',
      text: 'Whenever I try to upload a photo the app just closes, no error. Samsung phone.',
    });
    const event = await waitFor(forTicket(ticket.ticketId), 5000, 'kb.suggestions');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(event.status).toBe('ok');
    expect(event.suggestions[0]).toMatchObject({ articleId: a.id, kind: 'defect', replyText: defect.workaround });
    const snippet = event.suggestions[0]!.snippet;
    expect(snippet.ranges.map(([s, e]) => snippet.text.slice(s, e).toLowerCase())).toEqual(
      expect.arrayContaining(['closes', 'upload', 'photo']),
    );
    const links = await t.ctx.db.select().from(ticketArticleLinks).where(eq(ticketArticleLinks.ticketId, ticket.ticketId));
    expect(links.map((l) => [l.articleId, l.kind])).toContainEqual([a.id, 'suggested']);
  });

  it('suggests again on each customer message, counting an article once per ticket', async () => {
    const a = await buildArticle(t.ctx, defect);
    await drainKbOutbox(t.ctx);
    const first = await buildTicket(t.ctx, {
      threadKey: 'chat-1',
      sender: { externalId: 'c1' },
      subject: 'Help',
      text: 'The camera crashes the app',
    });
    await waitFor(forTicket(first.ticketId), 5000);
    received = [];
    await buildTicket(t.ctx, { threadKey: 'chat-1', sender: { externalId: 'c1' }, text: 'Still crashing when the camera opens' });
    const again = await waitFor(forTicket(first.ticketId), 5000);
    expect(again.suggestions[0]?.articleId).toBe(a.id);
    const [row] = await t.ctx.db.select().from(kbArticles).where(eq(kbArticles.id, a.id));
    expect(row!.suggestedCount).toBe(1);
  });

  it('keeps the suggestions when an auto-reply arrives: it says nothing about the problem', async () => {
    await buildArticle(t.ctx, { title: 'Out of office replies', body: 'Why you may get an out of office reply from us.' });
    await drainKbOutbox(t.ctx);
    const thread = { threadKey: 'chat-ooo', sender: { externalId: 'c-ooo' } };
    const first = await buildTicket(t.ctx, { ...thread, subject: 'Camera', text: 'the camera crashes' });
    await waitFor(forTicket(first.ticketId), 5000);
    received = [];
    await buildTicket(t.ctx, { ...thread, text: 'I am out of the office until Monday.', automated: true });
    // A suggestion for the message would have started at once; stopping waits for whatever runs.
    await stop();
    expect(received).toEqual([]);
  });

  it('answers a burst of messages on one ticket with suggestions for the latest of them', async () => {
    await buildArticle(t.ctx, defect);
    const invoices = await buildArticle(t.ctx, {
      title: 'Exporting invoices as PDF',
      body: 'Open Billing, pick the invoice and choose Download PDF.',
    });
    await drainKbOutbox(t.ctx);
    const thread = { threadKey: 'chat-burst', sender: { externalId: 'c-burst' } };
    const first = await buildTicket(t.ctx, { ...thread, subject: 'Question', text: 'the camera crashes' });
    await Promise.all(
      ['the camera still crashes', 'and the photo upload closes', 'also: how do I export invoices as PDF?'].map((text, i) =>
        new Promise((r) => setTimeout(r, i * 5)).then(() => buildTicket(t.ctx, { ...thread, text })),
      ),
    );
    const last = 'actually only the invoices PDF export matters now';
    await buildTicket(t.ctx, { ...thread, text: last });
    await waitFor(
      () => received.findLast((e) => e.ticketId === first.ticketId && e.query.includes(last)),
      5000,
      'suggestions for the latest message',
    );
    const final = received.filter((e) => e.ticketId === first.ticketId).at(-1)!;
    expect(final.query).toContain(last);
    expect(final.suggestions[0]?.articleId).toBe(invoices.id);
  });

  it('never suggests a draft', async () => {
    await buildArticle(t.ctx, { ...defect, status: 'draft' });
    await drainKbOutbox(t.ctx);
    const ticket = await buildTicket(t.ctx, { subject: 'Camera crash', text: 'the app crashes when the camera opens' });
    expect((await waitFor(forTicket(ticket.ticketId), 5000)).suggestions).toEqual([]);
  });

  it('says "unavailable" when the engine is down, while the ticket is still taken in', async () => {
    const sw = switchableEngine(createPostgresEngine(t.ctx.db));
    useSearchEngine(t.ctx, sw.engine);
    sw.state.down = true;
    const ticket = await buildTicket(t.ctx, { subject: 'Camera crash', text: 'the app crashes' });
    expect(await t.ctx.db.$count(messages, eq(messages.ticketId, ticket.ticketId))).toBe(1);
    const event = await waitFor(forTicket(ticket.ticketId), 5000);
    expect(event).toMatchObject({ status: 'unavailable', suggestions: [] });
  });
});

describe('using suggestions', () => {
  it('records inserted and solved once each, and proven fixes rise above equal matches', async () => {
    const app = buildApp(t.ctx);
    const agent = await buildTokenUser(t.ctx, ['supervisor']);
    const twin = { ...defect, title: 'Camera crash on Android', symptoms: defect.symptoms };
    const a = await buildArticle(t.ctx, twin);
    const b = await buildArticle(t.ctx, twin);
    await drainKbOutbox(t.ctx);
    const post = (ticketId: string, articleId: string, kind: string) =>
      app.request(`/api/tickets/${ticketId}/suggestions/${articleId}/${kind}`, { method: 'POST', headers: agent.headers });

    const order = async () => {
      const ticket = await buildTicket(t.ctx, { subject: 'Camera crash on Android', text: defect.symptoms });
      const res = await app.request(`/api/tickets/${ticket.ticketId}/suggestions`, { headers: agent.headers });
      return { ticketId: ticket.ticketId, ids: ((await res.json()) as TicketSuggestions).suggestions.map((s) => s.articleId) };
    };
    const before = await order();
    const loser = before.ids[1] === a.id ? a.id : b.id;
    for (let i = 0; i < 4; i++) {
      const { ticketId } = await order();
      expect(await (await post(ticketId, loser, 'inserted')).json()).toMatchObject({ recorded: true });
      expect(await (await post(ticketId, loser, 'solved')).json()).toMatchObject({ recorded: true });
      expect(await (await post(ticketId, loser, 'solved')).json()).toMatchObject({ recorded: false });
    }
    const [row] = await t.ctx.db.select().from(kbArticles).where(eq(kbArticles.id, loser));
    expect(row).toMatchObject({ insertedCount: 4, solvedCount: 4 });
    await drainKbOutbox(t.ctx);
    expect((await order()).ids[0]).toBe(loser);
  });

  it('refuses a customer-facing role and unknown articles', async () => {
    const app = buildApp(t.ctx);
    const a = await buildArticle(t.ctx, defect);
    const ticket = await buildTicket(t.ctx);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const res = await app.request(`/api/tickets/${ticket.ticketId}/suggestions/${a.id}/solved`, {
      method: 'POST',
      headers: editor.headers,
    });
    expect(res.status).toBe(403);
    const agent = await buildTokenUser(t.ctx, ['admin']);
    const missing = await app.request(`/api/tickets/${ticket.ticketId}/suggestions/00000000-0000-4000-8000-000000000000/solved`, {
      method: 'POST',
      headers: agent.headers,
    });
    expect(missing.status).toBe(404);
    expect(await t.ctx.db.$count(ticketArticleLinks, eq(ticketArticleLinks.kind, 'solved'))).toBe(0);
  });
});
