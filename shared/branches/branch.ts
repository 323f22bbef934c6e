import * as z from 'zod/mini';
import { divisionCodeSchema } from '../divisions/division-code.js';
import { branchTypes, leaderPosts, siteKinds, type BranchStatus, type BranchType, type LeaderPost } from './vocabulary.js';

/**
 * Branch (基层组织) input schemas and served shapes. The vocabulary (types, statuses, site kinds,
 * posts) lives in `vocabulary.ts`, which has no zod, so the portal can import it too.
 */
export * from './vocabulary.js';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const optionalText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));
/** Calendar date `YYYY-MM-DD` (Asia/Shanghai calendar day as entered). */
export const dateSchema = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/));
/** Mainland mobile or landline as typed; normalised by the privacy module before storage. */
export const phoneSchema = z.string().check(z.trim(), z.regex(/^[+\d][\d\s-]{6,19}$/));

/** A leader as entered (phone in clear; stored sealed). */
export const leaderInputSchema = z.object({
  post: z.enum(leaderPosts),
  name: text(40),
  title: optionalText(60),
  /** Absent on an edit: keep the stored phone of this post and name; `""`: no phone (clears it). */
  phone: z.optional(z.union([phoneSchema, z.literal('')])),
});

/** A site (阵地) as entered. Coordinates are GCJ-02 as Chinese map apps give them. */
export const siteInputSchema = z.object({
  kind: z.enum(siteKinds),
  name: text(80),
  address: text(200),
  longitude: z.optional(z.number().check(z.gte(73), z.lte(136))),
  latitude: z.optional(z.number().check(z.gte(3), z.lte(54))),
});

/** One checklist answer: the item id from the province's standards and the evidence for it. */
export const standardEvidenceSchema = z.object({
  itemId: text(40),
  met: z.boolean(),
  evidence: optionalText(500),
});

/** Fields a proposal or edit may set. Counts are whole people. */
export const branchFieldsSchema = z.object({
  name: text(80),
  type: z.enum(branchTypes),
  hostOrganisation: text(120),
  division: divisionCodeSchema,
  foundedOn: z.optional(dateSchema),
  leadership: z.optional(z.array(leaderInputSchema).check(z.maxLength(12))),
  memberCount: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
  volunteerCount: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
  sites: z.optional(z.array(siteInputSchema).check(z.maxLength(20))),
  standards: z.optional(z.array(standardEvidenceSchema).check(z.maxLength(20))),
});
/** Parsed {@link branchFieldsSchema}. */
export type BranchFields = z.infer<typeof branchFieldsSchema>;

/** A leader as stored and served: the phone only masked (the clear phone is sealed). */
export interface Leader {
  readonly post: LeaderPost;
  readonly name: string;
  readonly title?: string;
  readonly phoneMasked?: string;
}

/** A site as stored and served. */
export type Site = z.infer<typeof siteInputSchema>;

/** One "five haves" answer as stored. */
export type StandardEvidence = z.infer<typeof standardEvidenceSchema>;

/** A branch as the API serves it to staff (no clear personal data). */
export interface Branch {
  readonly branchId: string;
  readonly name: string;
  readonly type: BranchType;
  readonly hostOrganisation: string;
  readonly division: string;
  readonly divisionName: string;
  /** The county Red Cross the branch reports to (12-digit county code). */
  readonly county: string;
  readonly status: BranchStatus;
  readonly foundedOn?: string;
  readonly leadership: readonly Leader[];
  /** Registered member count as reported (the member roll adds its own live counts). */
  readonly memberCount: number;
  readonly volunteerCount: number;
  readonly memberRoll: { readonly individual: number; readonly group: number };
  readonly sites: readonly Site[];
  readonly standards: readonly StandardEvidence[];
  /** Optimistic-concurrency version: send it back as `expectedVersion` when editing. */
  readonly version: number;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  readonly closedReason?: string;
  readonly closedBy?: string;
  readonly closedAt?: string;
  readonly updatedAt: string;
}

/** What the public branch finder shows: no people, no counts that could identify anyone. */
export type PublicBranch = Pick<Branch, 'branchId' | 'name' | 'type' | 'hostOrganisation' | 'division' | 'divisionName' | 'foundedOn' | 'sites'>;
