import { z } from '@hono/zod-openapi';

/** A list in a query string: repeated (`status=new&status=open`) or comma-separated (`status=new,open`). */
export const manyQuery = (description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description });

/** The values of a `manyQuery` parameter, trimmed, empty ones dropped (undefined when absent). */
export const listOf = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : [v]
        .flat()
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean);
