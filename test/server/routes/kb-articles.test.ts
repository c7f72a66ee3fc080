import { describe, expect, it } from 'vitest';
import { buildTokenUser } from '../../support/http.ts';
import { buildArticle, drainKbOutbox } from '../../support/kb.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const call = async (headers: Record<string, string>, method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as any };
};

describe('knowledge-base articles over HTTP', () => {
  it('writes a known defect, versions every edit, diffs and restores revisions', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['editor']);
    const created = await call(headers, 'POST', '/api/kb/articles', {
      kind: 'defect',
      title: 'Camera crashes the Android app',
      symptoms: 'The app closes as soon as the camera opens.',
      product: 'Mobile app',
      affectedVersions: ['5.2.0', '5.2.1'],
      cause: 'A permission check runs on the wrong thread.',
      workaround: 'Grant camera permission in system settings first.',
      fixedIn: '5.2.2',
      body: '## Steps\n\n1. Open **Settings**',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, slug: 'camera-crashes-the-android-app', fixedIn: '5.2.2' });
    expect(created.body.bodyHtml).toContain('<strong>Settings</strong>');
    const id = created.body.id;

    const edited = await call(headers, 'PATCH', `/api/kb/articles/${id}`, {
      workaround: 'Update to 5.2.2.',
      expectedVersion: 1,
      note: 'fix shipped',
    });
    expect(edited.body).toMatchObject({ version: 2, workaround: 'Update to 5.2.2.' });
    const stale = await call(headers, 'PATCH', `/api/kb/articles/${id}`, { title: 'Lost edit', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ currentVersion: 2 });

    const revisions = await call(headers, 'GET', `/api/kb/articles/${id}/revisions`);
    expect(revisions.body.revisions.map((r: { number: number; note: string }) => [r.number, r.note])).toEqual([
      [2, 'fix shipped'],
      [1, 'Created'],
    ]);
    const diff = await call(headers, 'GET', `/api/kb/articles/${id}/diff?from=1&to=2`);
    expect(diff.body.changes.map((c: { field: string }) => c.field)).toEqual(['workaround']);
    const parts = diff.body.changes[0].parts;
    expect(
      parts
        .filter((p: { op: string }) => p.op === 'delete')
        .map((p: { text: string }) => p.text)
        .join(''),
    ).toContain('Grant camera permission');
    expect(
      parts
        .filter((p: { op: string }) => p.op === 'insert')
        .map((p: { text: string }) => p.text)
        .join(''),
    ).toContain('Update to 5.2.2.');

    const restored = await call(headers, 'POST', `/api/kb/articles/${id}/revisions/1/restore`);
    expect(restored.body).toMatchObject({ version: 3, workaround: 'Grant camera permission in system settings first.' });
    const history = await call(headers, 'GET', `/api/kb/articles/${id}/revisions`);
    expect(history.body.revisions[0]).toMatchObject({ number: 3, note: 'Restored revision 1' });
  });

  it('refuses bad input naming the field', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['editor']);
    const noSymptoms = await call(headers, 'POST', '/api/kb/articles', { kind: 'defect', title: 'Broken' });
    expect(noSymptoms.status).toBe(400);
    expect(noSymptoms.body.error.message).toContain('symptoms');
    const badKind = await call(headers, 'POST', '/api/kb/articles', { kind: 'rumour', title: 'x' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].path).toBe('kind');
    const badCategory = await call(headers, 'POST', '/api/kb/articles', {
      kind: 'faq',
      title: 'x',
      categoryId: '00000000-0000-4000-8000-000000000000',
    });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.error.message).toContain('categoryId');
  });

  it('shows agents published articles only, internal ones included', async () => {
    const draft = await buildArticle(t.ctx, { title: 'Draft notes', status: 'draft' });
    const internal = await buildArticle(t.ctx, { title: 'Internal escalation path', visibility: 'internal' });
    const agent = await buildTokenUser(t.ctx, ['agent']);
    expect((await call(agent.headers, 'GET', `/api/kb/articles/${draft.id}`)).status).toBe(404);
    expect((await call(agent.headers, 'GET', `/api/kb/articles/${internal.id}`)).status).toBe(200);
    const list = await call(agent.headers, 'GET', '/api/kb/articles');
    expect(list.body.articles.map((a: { id: string }) => a.id)).toEqual([internal.id]);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await call(editor.headers, 'GET', '/api/kb/articles?status=draft')).body.articles.map((a: { id: string }) => a.id)).toEqual([
      draft.id,
    ]);
  });

  it('searches with highlights; agents never get drafts even when they ask', async () => {
    const pub = await buildArticle(t.ctx, { title: 'Invoice PDF is empty', body: 'Download the invoice again from Billing.' });
    await buildArticle(t.ctx, { title: 'Invoice template draft', status: 'draft' });
    await drainKbOutbox(t.ctx);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const res = await call(agent.headers, 'GET', '/api/kb/search?q=invoice&status=draft');
    expect(res.body.hits).toEqual([]);
    const ok = await call(agent.headers, 'GET', '/api/kb/search?q=empty%20invoice');
    expect(ok.body.hits[0]).toMatchObject({ id: pub.id, article: { slug: pub.slug } });
    const { text, ranges } = ok.body.hits[0].title;
    expect(ranges.map(([s, e]: [number, number]) => text.slice(s, e))).toEqual(['Invoice', 'empty']);
    expect((await call(agent.headers, 'GET', '/api/kb/search')).status).toBe(400);
  });
});
