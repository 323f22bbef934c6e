import * as z from 'zod/mini';

/** An id path parameter: a ULID (Crockford base32, 26 characters). */
export const ulidSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (ULID)'));

/** The optional `Idempotency-Key` header of create routes: 8–100 visible ASCII characters. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.optional(z.string().check(z.regex(/^[\x21-\x7e]{8,100}$/, 'must be 8–100 visible ASCII characters'))),
});
