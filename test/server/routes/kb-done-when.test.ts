import { describe, expect, it } from 'vitest';
import type { TicketSuggestions } from '../../../knowledge-base/suggest/types.ts';
import { buildTokenUser } from '../../support/http.ts';
import { drainKbOutbox } from '../../support/kb.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

/** Issue 7's "done when", over HTTP: editor writes a defect -> ticket -> top suggestion; customer finds it. */
describe.each([
  {
    lang: 'English',
    article: {
      kind: 'defect',
      locale: 'en',
      visibility: 'public',
      title: 'Thermostat app shows the wrong room temperature',
      symptoms: 'The reading in the app is stuck a few degrees above what the wall display shows, after the 2.3 update.',
      workaround: 'Recalibrate under Device > Sensors > Calibrate.',
    },
    ticket: {
      subject: 'temperature wrong',
      text: 'Since the update the app says 24 degrees but the wall display says 21. Which one is right?',
    },
    typed: 'app temperature different from wall display',
  },
  {
    lang: 'Chinese',
    article: {
      kind: 'defect',
      locale: 'zh-CN',
      visibility: 'public',
      title: '温控器应用显示的室温不对',
      symptoms: '升级到 2.3 后，应用里的温度比墙上显示屏高几度。',
      workaround: '在 设备 > 传感器 > 校准 中重新校准。',
    },
    ticket: { subject: '温度不准', text: '升级以后应用显示 24 度，墙上显示屏是 21 度，哪个是对的？' },
    typed: '应用温度和显示屏不一样',
  },
])('$lang known defect', ({ article, ticket, typed }) => {
  it('is the top suggestion on the next ticket describing it, and customers find it', async () => {
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const created = await json(
      await app.request('/api/kb/articles', { method: 'POST', headers: editor.headers, body: JSON.stringify(article) }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await app.request(`/api/kb/articles/${id}/status`, {
      method: 'POST',
      headers: editor.headers,
      body: JSON.stringify({ status: 'published' }),
    });
    await drainKbOutbox(t.ctx);

    const ingested = await json(
      await app.request('/api/ingest', {
        method: 'POST',
        headers: agent.headers,
        body: JSON.stringify({
          channel: 'api',
          threadKey: `t-${id}`,
          externalMessageId: `m-${id}`,
          sender: { externalId: 'c@example.com' },
          ...ticket,
        }),
      }),
    );
    expect(ingested.status).toBe(201);
    const suggestions = (await json(await app.request(`/api/tickets/${ingested.body.ticketId}/suggestions`, { headers: agent.headers })))
      .body as TicketSuggestions;
    expect(suggestions.status).toBe('ok');
    expect(suggestions.suggestions[0]).toMatchObject({ articleId: id, replyText: article.workaround });
    expect(suggestions.suggestions[0]!.snippet.ranges.length).toBeGreaterThan(0);

    const found = await json(await app.request(`/api/public/kb/search?q=${encodeURIComponent(typed)}`));
    expect(found.body.hits[0]?.id).toBe(id);
    expect((await json(await app.request(`/api/public/kb/articles/${created.body.slug}`))).body.title).toBe(article.title);
  });
});
