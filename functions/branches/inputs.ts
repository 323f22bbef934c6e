import * as z from 'zod/mini';

/** Path parameter of a ULID id (Crockford base32, 26 characters). */
export const ulidSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID'));

/** The optional `Idempotency-Key` header (8–100 visible ASCII characters). */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.optional(z.string().check(z.regex(/^[\x21-\x7e]{8,100}$/, 'must be 8–100 visible ASCII characters'))),
});
