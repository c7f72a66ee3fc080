import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DATABASE_UNAVAILABLE } from '../../server/db/errors.ts';
import { ServiceError, rateLimited } from '../../server/errors.ts';
import { invalidInput } from '../../server/invalid-input.ts';
import type { Logger } from '../../server/logger.ts';
import { retryAfterSeconds, toWireError } from '../../server/wire-error.ts';

function scope(extra: { ref?: string; contentType?: string } = {}) {
  const log = { warn: vi.fn(), error: vi.fn() };
  return { log, scope: { log: log as unknown as Logger, at: '/api/test', ...extra } };
}

describe('toWireError', () => {
  it('passes a ServiceError through with its status, details and retry delay, and logs nothing', () => {
    const { log, scope: s } = scope();
    expect(toWireError(new ServiceError('CONFLICT', 'Article changed', { currentVersion: 3 }), s)).toEqual({
      status: 409,
      error: { code: 'CONFLICT', message: 'Article changed', details: { currentVersion: 3 } },
    });
    expect(toWireError(rateLimited('Too many messages; slow down', 1_500), s)).toEqual({
      status: 429,
      error: { code: 'RATE_LIMITED', message: 'Too many messages; slow down', retryAfterMs: 1_500 },
    });
    expect(toWireError(new ServiceError('FORBIDDEN', 'This chat is switched off', { reason: 'INBOX_DISABLED' }), s).status).toBe(403);
    expect(log.warn).not.toHaveBeenCalled();
    expect(log.error).not.toHaveBeenCalled();
  });

  it('turns a ZodError into VALIDATION naming the first bad field, every issue in details', () => {
    const { scope: s } = scope();
    const parsed = z.object({ name: z.string().min(1, 'is required'), tags: z.array(z.string()) }).safeParse({ name: '', tags: [1] });
    expect(toWireError(parsed.error, s)).toEqual({
      status: 400,
      error: {
        code: 'VALIDATION',
        message: 'Invalid input: name: is required',
        details: [
          { path: 'name', message: 'is required', code: 'too_small' },
          { path: 'tags.0', message: expect.any(String), code: 'invalid_type' },
        ],
      },
    });
  });

  it("maps Hono's HTTPExceptions to the codes of their statuses, naming a wrong Content-Type", () => {
    const { scope: s } = scope({ contentType: 'text/plain' });
    expect(toWireError(new HTTPException(400, { message: 'Malformed JSON in request body' }), s)).toEqual({
      status: 400,
      error: { code: 'VALIDATION', message: 'Malformed JSON in request body' },
    });
    expect(toWireError(new HTTPException(413), s)).toEqual({
      status: 413,
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' },
    });
    expect(toWireError(new HTTPException(415, { message: 'Unsupported Media Type' }), s)).toEqual({
      status: 415,
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as JSON (Content-Type: application/json), not text/plain' },
    });
    expect(toWireError(new HTTPException(401, { message: 'Unauthorized' }), s).error.code).toBe('UNAUTHENTICATED');
  });

  it('says UNAVAILABLE with a retry delay when the database is unreachable, logging a warning once', () => {
    const { log, scope: s } = scope();
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toWireError(new Error('Failed query', { cause: down }), s)).toEqual({
      status: 503,
      error: { code: 'UNAVAILABLE', message: DATABASE_UNAVAILABLE, retryAfterMs: 2_000 },
    });
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('hides an unexpected error behind INTERNAL with a reference the log carries too', () => {
    const { log, scope: s } = scope({ ref: 'req-42' });
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(toWireError(bug, s)).toEqual({
      status: 500,
      error: { code: 'INTERNAL', message: 'Something went wrong on our side; try again (request req-42)' },
    });
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ err: bug, reqId: 'req-42' }), 'unhandled error');

    const thrown = toWireError('a string, not an Error', scope().scope).error;
    expect(thrown.message).toMatch(/^Something went wrong on our side; try again \(request [\w-]+\)$/);
    expect(thrown.message).not.toContain('a string');
  });
});

describe('invalidInput', () => {
  it('is one format for every source: "Invalid <where>: <path>: <message>", no path for the value as a whole', () => {
    expect(invalidInput('inbox', [{ path: 'teamId', message: 'no such team', code: 'unknown_reference' }])).toMatchObject({
      code: 'VALIDATION',
      message: 'Invalid inbox: teamId: no such team',
      details: [{ path: 'teamId', message: 'no such team', code: 'unknown_reference' }],
    });
    const root = z.object({ a: z.string() }).safeParse('text').error!;
    expect(invalidInput('payload', root)).toMatchObject({
      message: `Invalid payload: ${root.issues[0]!.message}`,
      details: [{ path: '(root)' }],
    });
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up, so a client told Retry-After never returns before the limit lifts', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_000)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
    expect(retryAfterSeconds(59_999)).toBe(60);
  });
});
