import * as z from 'zod/mini';
import { type DivisionLevel, divisionCodeSchema } from '../divisions/division-code.js';

/**
 * Branch (基层组织) vocabulary and input schemas. Territorial branches (township, subdistrict,
 * village, community) cover their division; institutional ones (school, hospital, enterprise,
 * institution, other) sit in a division and count against the county's targets.
 */
export const branchTypes = [
  'township',
  'subdistrict',
  'village',
  'community',
  'school',
  'hospital',
  'enterprise',
  'institution',
  'other',
] as const;
/** One of {@link branchTypes}. */
export type BranchType = (typeof branchTypes)[number];

/** Territorial branch types and the division level each must sit at. */
export const territorialLevels: Partial<Record<BranchType, DivisionLevel>> = {
  township: 'township',
  subdistrict: 'township',
  village: 'village',
  community: 'village',
};

/** True for types that cover their division (at most one non-dissolved per division). */
export function isTerritorial(type: BranchType): boolean {
  return territorialLevels[type] !== undefined;
}

/** Institutional types whose counts the county sets targets for. */
export const targetedTypes = ['school', 'hospital', 'enterprise'] as const;
/** One of {@link targetedTypes}. */
export type TargetedType = (typeof targetedTypes)[number];

/**
 * Lifecycle: proposed → active (approved by the county) → dissolved; a proposal may instead be
 * rejected. Only active branches count toward coverage or appear in the public finder.
 */
export const branchStatuses = ['proposed', 'active', 'rejected', 'dissolved'] as const;
/** One of {@link branchStatuses}. */
export type BranchStatus = (typeof branchStatuses)[number];

/** 阵地 kinds (DESIGN §8). */
export const siteKinds = [
  'boaiHome',
  'youthBase',
  'scenicAidStation',
  'schoolClinic',
  'healthStation',
  'memorialGarden',
  'firstAidTrainingBase',
  'safetyExperienceHall',
] as const;
/** One of {@link siteKinds}. */
export type SiteKind = (typeof siteKinds)[number];

/** Leadership posts of a branch. */
export const leaderPosts = ['president', 'vicePresident', 'secretaryGeneral', 'honoraryPresident'] as const;
/** One of {@link leaderPosts}. */
export type LeaderPost = (typeof leaderPosts)[number];

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
export interface PublicBranch {
  readonly branchId: string;
  readonly name: string;
  readonly type: BranchType;
  readonly hostOrganisation: string;
  readonly division: string;
  readonly divisionName: string;
  readonly foundedOn?: string;
  readonly sites: readonly Site[];
}
