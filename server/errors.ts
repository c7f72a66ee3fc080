export type ServiceErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** Existed once and is over for good (an expired survey link). */
  | 'GONE'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

/** The one error type domain verbs throw; routes and socket acks map `code` to a status in one place. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const httpStatusOf: Record<ServiceErrorCode, 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429 | 503> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export const notFound = (what: string) => new ServiceError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new ServiceError('FORBIDDEN', message);
export const conflict = (message: string, details?: unknown) => new ServiceError('CONFLICT', message, details);
export const invalid = (message: string, details?: unknown) => new ServiceError('VALIDATION', message, details);
