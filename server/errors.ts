/** Every error a client can be given: HTTP bodies, the agents' socket acks and the widget's acks share these. */
export const errorCodes = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** Existed once and is over for good (an expired survey link). */
  'GONE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  /** Nothing was done and a retry later will do (the database is restarting, search is down). */
  'UNAVAILABLE',
  /** A bug or an unexpected failure: logged on the server, never explained to the client. */
  'INTERNAL',
] as const;

export type ServiceErrorCode = (typeof errorCodes)[number];

/**
 * An error as a client receives it: `error` of an HTTP body and of a socket ack, `data` of a connect_error.
 * `details` of VALIDATION is a list of `{ path, message, code }`; of FORBIDDEN, optionally `{ reason }`.
 */
export interface WireError {
  code: ServiceErrorCode;
  message: string;
  details?: unknown;
  /** When a retry may succeed; over HTTP also sent as Retry-After in whole seconds. */
  retryAfterMs?: number;
}

/** The one error type verbs, routes, sockets and channels throw; `toWireError` maps it to every wire. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: unknown,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const httpStatusOf = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<ServiceErrorCode, number>;

export type ErrorStatus = (typeof httpStatusOf)[ServiceErrorCode];

export const notFound = (what: string) => new ServiceError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string, details?: unknown) => new ServiceError('FORBIDDEN', message, details);
export const conflict = (message: string, details?: unknown) => new ServiceError('CONFLICT', message, details);
export const invalid = (message: string, details?: unknown) => new ServiceError('VALIDATION', message, details);
export const rateLimited = (message: string, retryAfterMs: number) => new ServiceError('RATE_LIMITED', message, undefined, retryAfterMs);
