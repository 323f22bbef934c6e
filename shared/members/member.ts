import * as z from 'zod/mini';
import { dateSchema, phoneSchema } from '../branches/branch.js';

/**
 * Member (会员) vocabulary and input schemas. A branch's roll holds individual members (a person)
 * and group members (an organisation, with a contact person). Names and phones are personal data:
 * they are sealed at rest (`shared/privacy`) and only ever served masked.
 */
export const memberKinds = ['individual', 'group'] as const;
/** One of {@link memberKinds}. */
export type MemberKind = (typeof memberKinds)[number];

/** Dues: paid (through `duesPaidThrough`), due, or exempt (e.g. students, people in difficulty). */
export const duesStatuses = ['paid', 'due', 'exempt'] as const;
/** One of {@link duesStatuses}. */
export type DuesStatus = (typeof duesStatuses)[number];

/** A member is on the roll (`active`) until they leave (`left`); leaving is final for that record. */
export const memberStatuses = ['active', 'left'] as const;
/** One of {@link memberStatuses}. */
export type MemberStatus = (typeof memberStatuses)[number];

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** A dues year, e.g. 2026. */
export const duesYearSchema = z.int().check(z.gte(2000), z.lte(2100));

/**
 * PIPL consent as recorded at enrolment: what the person agreed their data is used for and when.
 * Required: without it nothing is stored (a missing consent is a 400 VALIDATION_FAILED).
 */
export const consentInputSchema = z.object({
  purpose: text(200),
  givenOn: dateSchema,
});

/** POST body: the fields a member is enrolled with. */
export const enrolmentSchema = z
  .object({
    kind: z.enum(memberKinds),
    /** The person's name; for a group, its contact person's name. */
    name: text(40),
    phone: z.optional(phoneSchema),
    /** The organisation of a group member (not personal data); individuals have none. */
    organisation: z.optional(text(120)),
    joinedOn: dateSchema,
    duesStatus: z.optional(z.enum(duesStatuses)),
    duesPaidThrough: z.optional(duesYearSchema),
    consent: consentInputSchema,
  })
  .check(
    z.refine((body) => (body.kind === 'group') === (body.organisation !== undefined), {
      message: 'organisation is required for group members and not collected for individuals',
      path: ['organisation'],
    }),
  );
/** Parsed {@link enrolmentSchema}. */
export type Enrolment = z.infer<typeof enrolmentSchema>;

/** PATCH body: dues changes and/or leaving, against the version the client saw. */
export const memberChangeSchema = z
  .object({
    expectedVersion: z.int().check(z.gte(1)),
    duesStatus: z.optional(z.enum(duesStatuses)),
    duesPaidThrough: z.optional(duesYearSchema),
    status: z.optional(z.literal('left')),
    leftOn: z.optional(dateSchema),
  })
  .check(
    z.refine((body) => body.duesStatus !== undefined || body.duesPaidThrough !== undefined || body.status !== undefined, {
      message: 'nothing to change: give duesStatus, duesPaidThrough or status',
      path: ['status'],
    }),
    z.refine((body) => body.leftOn === undefined || body.status === 'left', {
      message: 'leftOn goes with status "left"',
      path: ['leftOn'],
    }),
  );
/** Parsed {@link memberChangeSchema}. */
export type MemberChange = z.infer<typeof memberChangeSchema>;

/** A member as the API serves it: masked, never the clear name or phone. */
export interface Member {
  readonly memberId: string;
  readonly kind: MemberKind;
  readonly nameMasked: string;
  readonly phoneMasked?: string;
  readonly organisation?: string;
  readonly joinedOn: string;
  readonly duesStatus: DuesStatus;
  readonly duesPaidThrough?: number;
  readonly status: MemberStatus;
  readonly leftOn?: string;
  /** Optimistic-concurrency version: send it back as `expectedVersion` when changing. */
  readonly version: number;
}

/** A branch's roll as served. `counts` are the active members (the branch's roll counters). */
export interface MemberRoll {
  readonly branchId: string;
  readonly counts: { readonly individual: number; readonly group: number };
  readonly items: readonly Member[];
}
