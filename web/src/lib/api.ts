/**
 * The console's one way to the HTTP API: JSON in and out, the session cookie sent by the browser, the CSRF
 * token echoed on writes, and every failure turned into an ApiError with the server's `{ code, message }`.
 * Paths, parameters, bodies and responses are typed from api-schema.d.ts, generated from the server's route
 * schemas (`npm run api:types`): `api.get('/tickets/{id}', { path: { id } })` answers the route's 200 shape.
 */
import type { components, paths } from './api-schema';

export type ApiErrorBody = components['schemas']['Error']['error'];

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

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

function withQuery(path: string, query?: object): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query) as [string, QueryValue][]) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) qs.append(k, String(item));
    else qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: object): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: FormData | string | undefined;
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

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = paths[P][M];

/** The API's paths (spelled as the OpenAPI document does, `{id}` and all) that answer method `M`. */
export type PathsFor<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never }[keyof paths];

type Content<R> = R extends { content: { 'application/json': infer J } }
  ? J
  : R extends { content: { 'multipart/form-data': unknown } }
    ? FormData
    : never;
type BodyOf<O> = O extends { requestBody: infer R }
  ? { body: Content<R> }
  : O extends { requestBody?: infer R }
    ? [NonNullable<R>] extends [never]
      ? { body?: never }
      : { body?: Content<NonNullable<R>> }
    : { body?: never };
type ParamsOf<O> = O extends { parameters: infer X } ? Pick<X, 'path' & keyof X> & Pick<X, 'query' & keyof X> : object;
type Init<O> = ParamsOf<O> & BodyOf<O>;
/** The second argument is required only when the route has a required path parameter, query or body. */
type InitArg<O> = object extends Init<O> ? [init?: Init<O>] : [init: Init<O>];

type SuccessStatus = 200 | 201 | 202 | 204;
type Success<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends SuccessStatus ? (R[S] extends { content: { 'application/json': infer J } } ? J : void) : never }[keyof R]
  : never;

/** The JSON a route answers on success (void for 204). */
export type ApiData<M extends Method, P extends PathsFor<M>> = Success<Operation<P, M>>;
/** The JSON body a route takes. */
export type ApiBody<M extends Method, P extends PathsFor<M>> = NonNullable<Init<Operation<P, M>>['body']>;
/** Whether the route requires a body (as opposed to one whose fields are all optional). */
export type ApiBodyRequired<M extends Method, P extends PathsFor<M>> = undefined extends Init<Operation<P, M>>['body'] ? false : true;
/** The query a GET route takes. */
export type ApiQuery<P extends PathsFor<'get'>> = NonNullable<ParamsOf<Operation<P, 'get'>> extends { query?: infer Q } ? Q : never>;
/** A named schema of the OpenAPI document (`Ticket`, `Message`, `Article`...). */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

function fillPath(template: string, params: Record<string, string | number> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`API path ${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}

function caller<M extends Method>(method: M) {
  return <P extends PathsFor<M>>(path: P, ...[init]: InitArg<Operation<P, M>>): Promise<ApiData<M, P>> => {
    const { path: params, query, body } = (init ?? {}) as { path?: Record<string, string | number>; query?: object; body?: unknown };
    // A POST without a body still sends `{}`: JSON is what every write route expects.
    const payload = body === undefined && method === 'post' ? {} : body;
    return request(method.toUpperCase(), fillPath(path, params), payload, query);
  };
}

/** `api.get(path, { path, query })`, `api.post(path, { path, body })`...: each typed by the route it names. */
export const api = {
  get: caller('get'),
  post: caller('post'),
  patch: caller('patch'),
  put: caller('put'),
  del: caller('delete'),
};
