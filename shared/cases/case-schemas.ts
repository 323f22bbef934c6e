import * as z from 'zod/mini';
import { divisionCodeSchema } from '../divisions/division-code.js';
import { ulidSchema } from '../http/common-inputs.js';
import { caseLimits, caseStatuses } from './case.js';

/**
 * Input schemas of the typical-case routes (Lambda side only: zod/mini). Texts are trimmed; a
 * draft may leave summary and body empty, publishing requires them (422 CASE_INCOMPLETE).
 */

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const optionalText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));

/** Body of `POST /api/cases`: a new draft. The county follows from the division. */
export const caseCreateSchema = z.object({
  division: divisionCodeSchema,
  title: text(caseLimits.title),
  summary: optionalText(caseLimits.summary),
  body: optionalText(caseLimits.body),
});
/** Parsed {@link caseCreateSchema}. */
export type CaseCreate = z.infer<typeof caseCreateSchema>;

/** One photo in an edit: the photos' new order and captions (every current photo, each once). */
export const photoOrderSchema = z.object({
  photoId: ulidSchema,
  caption: optionalText(caseLimits.caption),
});

/** Body of `PATCH /api/cases/{caseId}`: the version edited plus the fields to change. */
export const caseEditSchema = z.object({
  expectedVersion: z.int().check(z.gte(1)),
  division: z.optional(divisionCodeSchema),
  title: z.optional(text(caseLimits.title)),
  summary: optionalText(caseLimits.summary),
  body: optionalText(caseLimits.body),
  photos: z.optional(z.array(photoOrderSchema).check(z.maxLength(caseLimits.photos))),
});
/** Parsed {@link caseEditSchema}. */
export type CaseEdit = z.infer<typeof caseEditSchema>;

/**
 * Body of `POST /api/cases/{caseId}/photos`. `contentType` is any short string here: an
 * unsupported type is answered 415 by the use case, not as a field error. `data` is plain base64
 * (no `data:` prefix).
 */
export const photoUploadSchema = z.object({
  contentType: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  data: z.string().check(z.minLength(4), z.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64 (no data: prefix)')),
  caption: optionalText(caseLimits.caption),
});
/** Parsed {@link photoUploadSchema}. */
export type PhotoUpload = z.infer<typeof photoUploadSchema>;

/** Body of publish: the version looked at. */
export const publishSchema = z.object({ expectedVersion: z.int().check(z.gte(1)) });

/** Body of unpublish: the version looked at and why it is withdrawn (kept on the case and in the audit log). */
export const withdrawSchema = z.object({
  expectedVersion: z.int().check(z.gte(1)),
  reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(caseLimits.reason)),
});

/** Query of the staff list. */
export const caseListQuerySchema = z.object({
  county: z.optional(divisionCodeSchema),
  status: z.optional(z.enum(caseStatuses)),
  q: z.optional(z.string().check(z.trim(), z.maxLength(80))),
});

/** Query of the public list: a province, city or county (default the province) and a cursor. */
export const publicCaseListQuerySchema = z.object({
  division: z.optional(divisionCodeSchema),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1000))),
});
