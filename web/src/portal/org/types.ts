/**
 * Wire types of the grassroots-organisation API (docs/api.md) as the portal reads them. Branch
 * shapes come from `shared/branches/branch.ts` as types only: importing its values would pull zod
 * into the portal bundle, so the vocabularies are restated here and a unit test keeps them equal.
 */
import type { Branch, BranchStatus, BranchType, LeaderPost, SiteKind } from '../../../../shared/branches/branch.js';
import type { DivisionLevel } from '../../common/api.js';

export type { Branch, BranchStatus, BranchType, LeaderPost, SiteKind, PublicBranch } from '../../../../shared/branches/branch.js';

export const branchTypeList = [
  'township',
  'subdistrict',
  'village',
  'community',
  'school',
  'hospital',
  'enterprise',
  'institution',
  'other',
] as const satisfies readonly BranchType[];
export const branchStatusList = ['proposed', 'active', 'rejected', 'dissolved'] as const satisfies readonly BranchStatus[];
export const siteKindList = [
  'boaiHome',
  'youthBase',
  'scenicAidStation',
  'schoolClinic',
  'healthStation',
  'memorialGarden',
  'firstAidTrainingBase',
  'safetyExperienceHall',
] as const satisfies readonly SiteKind[];
export const leaderPostList = ['president', 'vicePresident', 'secretaryGeneral', 'honoraryPresident'] as const satisfies readonly LeaderPost[];

/** The level a territorial type must sit at; institutional types may sit at a township or village. */
export const territorialLevel: Partial<Record<BranchType, 'township' | 'village'>> = {
  township: 'township',
  subdistrict: 'township',
  village: 'village',
  community: 'village',
};

/** `GET /api/branches`. */
export interface BranchList {
  county: string;
  items: Branch[];
}

/** One entry of `GET /api/branches/{id}/history`. */
export interface HistoryEntry {
  version: number;
  action: string;
  actor: { userId: string; name?: string };
  at: string;
  changes: Array<{ field: string; before?: unknown; after?: unknown }>;
}

/** `GET /api/branch-standards`. */
export interface StandardsList {
  province?: string;
  items: Array<{ id: string; zh: string; en: string }>;
}

export type BoardSeat = 'council' | 'supervisoryBoard';

export interface Commissioner {
  commissionerId: string;
  name: string;
  title?: string;
  phoneMasked?: string;
  division: string;
  divisionName: string;
  county: string;
  boardSeat: BoardSeat;
  boardDivision?: string;
  termStart: string;
  termEnd?: string;
  status: 'active' | 'ended';
  endedReason?: string;
  successorId?: string;
  predecessorId?: string;
  version: number;
  appointedBy?: string;
  appointedAt?: string;
}

export type DuesStatus = 'paid' | 'due' | 'exempt';

export interface Member {
  memberId: string;
  kind: 'individual' | 'group';
  nameMasked: string;
  phoneMasked?: string;
  organisation?: string;
  joinedOn: string;
  duesStatus: DuesStatus;
  /** The year dues are paid through (e.g. 2026). */
  duesPaidThrough?: number;
  status: 'active' | 'left';
  leftOn?: string;
  version: number;
}

export interface MemberList {
  branchId: string;
  counts: { individual: number; group: number };
  items: Member[];
}

/** Counts of one division (docs/api.md `Tally`). */
export interface Tally {
  townships: { total: number; covered: number };
  villages: { total: number; covered: number };
  commissioners: number;
  branches: Partial<Record<BranchType, number>>;
  targets: { school?: number; hospital?: number; enterprise?: number };
}

/** A child row of the coverage view; a township's children are villages with `covered`/`by`. */
export interface CoverageChild extends Partial<Tally> {
  code: string;
  name: string;
  level: DivisionLevel;
  covered?: boolean;
  by?: 'branch' | 'commissioner' | 'both' | null;
}

export interface CoverageView {
  division: { code: string; name: string; level: DivisionLevel };
  summary: Tally;
  children: CoverageChild[];
}

export interface UncoveredList {
  division: string | { code: string; name: string };
  items: Array<{ code: string; name: string; level: DivisionLevel; township?: string }>;
}

export interface AuditEntry {
  at: string;
  actor: string | { userId?: string; name?: string };
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  cursor?: string;
}

/** `POST …/import` success. */
export interface ImportResult {
  imported: number;
  rows: number;
}
