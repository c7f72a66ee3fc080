import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Doc = Record<string, unknown> & { id: string };
type Task = {
  uid: number;
  indexUid: string | null;
  type: string;
  polls: number;
  error: null | { message: string; code: string; type: string; link: string };
};

/**
 * A local HTTP server answering the Meilisearch routes the adapter uses, with the shapes Meilisearch's API
 * reference gives: writes answer 202 with an enqueued task summary; GET /tasks/:uid reports "processing"
 * once, then "succeeded" or "failed" with an error object. Search is naive (substring), enough to check what
 * the adapter sends and how it reads `_formatted` highlights.
 */
export async function startMeiliStandIn() {
  const requests: RecordedRequest[] = [];
  const indexes = new Map<string, { primaryKey: string; docs: Map<string, Doc>; settings: Record<string, unknown> }>();
  const tasks = new Map<number, Task>();
  const failNext = new Map<string, string>();
  let nextUid = 0;

  const enqueue = (indexUid: string | null, type: string, error: Task['error'] = null) => {
    const task: Task = { uid: nextUid++, indexUid, type, polls: 0, error };
    tasks.set(task.uid, task);
    return [202, { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString() }] as const;
  };
  const err = (message: string, code: string) => ({
    message,
    code,
    type: 'invalid_request',
    link: `https://docs.meilisearch.com/errors#${code}`,
  });

  function route(method: string, path: string, q: URLSearchParams, body: any): readonly [number, unknown] {
    if (method === 'GET' && path === '/health') return [200, { status: 'available' }];
    const task = path.match(/^\/tasks\/(\d+)$/);
    if (method === 'GET' && task) {
      const t = tasks.get(Number(task[1]));
      if (!t) return [404, err('Task not found', 'task_not_found')];
      t.polls++;
      const status = t.polls === 1 ? 'processing' : t.error ? 'failed' : 'succeeded';
      return [
        200,
        {
          uid: t.uid,
          batchUid: t.uid,
          indexUid: t.indexUid,
          status,
          type: t.type,
          canceledBy: null,
          details: {},
          error: status === 'failed' ? t.error : null,
          duration: 'PT0.001S',
          enqueuedAt: new Date().toISOString(),
          startedAt: new Date().toISOString(),
          finishedAt: status === 'processing' ? null : new Date().toISOString(),
        },
      ];
    }
    if (method === 'POST' && path === '/indexes') {
      if (indexes.has(body.uid))
        return enqueue(body.uid, 'indexCreation', err(`Index \`${body.uid}\` already exists.`, 'index_already_exists'));
      indexes.set(body.uid, { primaryKey: body.primaryKey, docs: new Map(), settings: {} });
      return enqueue(body.uid, 'indexCreation');
    }
    const m = path.match(/^\/indexes\/([^/]+)(\/.*)?$/);
    if (!m) return [404, err('Not found', 'not_found')];
    const uid = decodeURIComponent(m[1]!);
    const rest = m[2] ?? '';
    const index = indexes.get(uid) ?? { primaryKey: q.get('primaryKey') ?? 'id', docs: new Map<string, Doc>(), settings: {} };
    indexes.set(uid, index);
    const failure = failNext.get(rest);
    if (failure && method !== 'GET') {
      failNext.delete(rest);
      return enqueue(uid, 'settingsUpdate', err(failure, 'invalid_settings'));
    }
    if (method === 'PATCH' && rest === '/settings') {
      Object.assign(index.settings, body);
      return enqueue(uid, 'settingsUpdate');
    }
    if (method === 'PUT' && rest === '/settings/synonyms') {
      index.settings.synonyms = body;
      return enqueue(uid, 'settingsUpdate');
    }
    if (method === 'POST' && rest === '/documents') {
      for (const d of body as Doc[]) index.docs.set(String(d[index.primaryKey]), d);
      return enqueue(uid, 'documentAdditionOrUpdate');
    }
    if (method === 'POST' && rest === '/documents/delete-batch') {
      for (const id of body as string[]) index.docs.delete(String(id));
      return enqueue(uid, 'documentDeletion');
    }
    if (method === 'DELETE' && rest === '/documents') {
      index.docs.clear();
      return enqueue(uid, 'documentDeletion');
    }
    if (method === 'GET' && rest === '/stats')
      return [200, { numberOfDocuments: index.docs.size, isIndexing: false, fieldDistribution: {} }];
    if (method === 'POST' && rest === '/search') return [200, search(index.docs, body)];
    return [404, err(`No route ${method} ${path}`, 'not_found')];
  }

  function search(docs: Map<string, Doc>, body: any) {
    const words = String(body.q ?? '')
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean);
    const pre = body.highlightPreTag ?? '<em>';
    const post = body.highlightPostTag ?? '</em>';
    const mark = (text: string) =>
      words.reduce((t, w) => t.replace(new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), (x) => `${pre}${x}${post}`), text);
    const hits = [...docs.values()]
      .filter((d) => words.some((w) => `${d.title} ${d.symptoms} ${d.body}`.toLowerCase().includes(w)))
      .slice(body.offset ?? 0, (body.offset ?? 0) + (body.limit ?? 20))
      .map((d) => ({
        id: d.id,
        title: d.title,
        _formatted: { id: d.id, title: mark(String(d.title)), symptoms: mark(String(d.symptoms)), body: mark(String(d.body)) },
        _rankingScore: 0.9,
      }));
    return { hits, query: body.q, processingTimeMs: 1, limit: body.limit ?? 20, offset: body.offset ?? 0, estimatedTotalHits: hits.length };
  }

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body });
    const [status, payload] = route(req.method ?? 'GET', url.pathname, url.searchParams, body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    indexes,
    /** The next write to this index sub-path (e.g. "/settings") gets a task that fails with `message`. */
    failNextTask: (subPath: string, message: string) => failNext.set(subPath, message),
    writes: (pathEnd: string) => requests.filter((r) => r.method !== 'GET' && r.path.endsWith(pathEnd)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
