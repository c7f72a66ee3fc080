/**
 * The console's one way to the HTTP API: JSON in and out, the session cookie sent by the browser, the CSRF
 * token echoed on writes, and every failure turned into an ApiError with the server's `{ code, message }`.
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one field (`details` is a list of `{ path, message }`), for inline form errors. */
  fieldMessage(field: string): string | undefined {
    if (!Array.isArray(this.details)) return undefined;
    const hit = this.details.find((d): d is { path: string; message: string } => !!d && (d as { path?: unknown }).path === field);
    return hit?.message;
  }
}

let csrfToken: string | null = null;
let serverOffsetMs = 0;

function noteServerTime(header: string | null): void {
  const at = header ? Date.parse(header) : NaN;
  if (!Number.isNaN(at)) serverOffsetMs = at - Date.now();
}

/** The server's clock as last seen in a response's Date header (for "changed since" queries). */
export const serverNow = (): Date => new Date(Date.now() + serverOffsetMs);
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once by the root layout: a 401 on any call sends the user back to the login page. */
export function handleUnauthenticated(fn: () => void): void {
  onUnauthenticated = fn;
}

type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) qs.append(k, item);
    else qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api${path}`, query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
  }
  noteServerTime(res.headers.get('date'));
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody } | null)?.error;
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw new ApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? `HTTP ${res.status}`, err?.details);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};
