/**
 * Wire types of the grassroots-organisation API (docs/api.md) as the portal reads them. Branch
 * shapes come from `shared/branches/branch.ts` as types only (its values would pull zod into the
 * portal bundle); the vocabularies come from the zod-free `shared/branches/vocabulary.ts`.
 */
import type { Branch, BranchType } from '../../../../shared/branches/branch.js';
import type { DivisionLevel } from '../../common/api.js';

export type { Branch, BranchStatus, BranchType, LeaderPost, SiteKind, PublicBranch } from '../../../../shared/branches/branch.js';

// The shared vocabulary itself (no zod in `vocabulary.ts`), under the names the portal uses.
export {
  branchTypes as branchTypeList,
  branchStatuses as branchStatusList,
  siteKinds as siteKindList,
  leaderPosts as leaderPostList,
  /** The level a territorial type must sit at; institutional types may sit at a township or village. */
  territorialLevels as territorialLevel,
} from '../../../../shared/branches/vocabulary.js';

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
