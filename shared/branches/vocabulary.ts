import type { DivisionLevel } from '../divisions/division-code.js';

/**
 * Branch (基层组织) vocabulary. Territorial branches (township, subdistrict, village, community)
 * cover their division; institutional ones (school, hospital, enterprise, institution, other) sit
 * in a division and count against the county's targets. No zod here: the portal imports these
 * values too, and the schemas in `branch.ts` would pull zod into its bundle.
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
export const territorialLevels: Partial<Record<BranchType, Extract<DivisionLevel, 'township' | 'village'>>> = {
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
