import * as z from 'zod/mini';
import { addCasePhoto, removeCasePhoto } from '../../shared/cases/case-photos.js';
import { caseCreateSchema, caseEditSchema, caseListQuerySchema, photoUploadSchema, publicCaseListQuerySchema, publishSchema, withdrawSchema } from '../../shared/cases/case-schemas.js';
import { publishCase, withdrawCase } from '../../shared/cases/publish-case.js';
import { getCase, getPublicCase, listCases, listPublicCases } from '../../shared/cases/read-cases.js';
import { createCase, editCase } from '../../shared/cases/write-case.js';
import { defineOperation } from '../../shared/http/chassis.js';
import { idempotencyHeaders, ulidSchema } from '../../shared/http/common-inputs.js';

const casePath = z.object({ caseId: ulidSchema });
/** Public reads are the same for everyone: browsers and the edge may keep them five minutes. */
const publicCache = { 'cache-control': 'public, max-age=300' };

/** GET /api/cases */
export const listCasesOperation = defineOperation({
  input: z.object({ query: caseListQuerySchema }),
  handle: async ({ query }, { principal }) => ({ body: await listCases(principal, query) }),
});

/** POST /api/cases */
export const createCaseOperation = defineOperation({
  input: z.object({ headers: idempotencyHeaders, body: caseCreateSchema }),
  handle: async ({ headers, body }, { principal }) => createCase(principal, body, headers['idempotency-key']),
});

/** GET /api/cases/{caseId} */
export const getCaseOperation = defineOperation({
  input: z.object({ path: casePath }),
  handle: async ({ path }, { principal }) => ({ body: await getCase(principal, path.caseId) }),
});

/** PATCH /api/cases/{caseId} */
export const editCaseOperation = defineOperation({
  input: z.object({ path: casePath, body: caseEditSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await editCase(principal, path.caseId, body) }),
});

/** POST /api/cases/{caseId}/photos */
export const addPhotoOperation = defineOperation({
  input: z.object({ path: casePath, body: photoUploadSchema }),
  handle: async ({ path, body }, { principal }) => addCasePhoto(principal, path.caseId, body),
});

/** DELETE /api/cases/{caseId}/photos/{photoId} */
export const removePhotoOperation = defineOperation({
  input: z.object({ path: z.object({ caseId: ulidSchema, photoId: ulidSchema }) }),
  handle: async ({ path }, { principal }) => ({ body: await removeCasePhoto(principal, path.caseId, path.photoId) }),
});

/** POST /api/cases/{caseId}/publish */
export const publishCaseOperation = defineOperation({
  input: z.object({ path: casePath, body: publishSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await publishCase(principal, path.caseId, body.expectedVersion) }),
});

/** POST /api/cases/{caseId}/unpublish */
export const withdrawCaseOperation = defineOperation({
  input: z.object({ path: casePath, body: withdrawSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await withdrawCase(principal, path.caseId, body.expectedVersion, body.reason) }),
});

/** GET /api/public/cases: cacheable like the branch finder. */
export const listPublicCasesOperation = defineOperation({
  input: z.object({ query: publicCaseListQuerySchema }),
  handle: async ({ query }) => ({ body: await listPublicCases(query), headers: publicCache }),
});

/** GET /api/public/cases/{caseId}: cacheable; a withdrawn case disappears within five minutes. */
export const getPublicCaseOperation = defineOperation({
  input: z.object({ path: casePath }),
  handle: async ({ path }) => ({ body: await getPublicCase(path.caseId), headers: publicCache }),
});
