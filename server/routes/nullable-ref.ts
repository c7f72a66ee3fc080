import { z } from '@hono/zod-openapi';

/**
 * `schema.nullable()` on a schema registered with `.openapi('Name')` makes the shared component itself nullable
 * (or, depending on which route is documented first, drops the null): every other use of the name would then
 * say null too. A union keeps the component as it is and documents `Name | null` only here.
 */
export const nullableRef = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);
