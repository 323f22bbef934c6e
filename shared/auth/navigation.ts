import type { Role } from './roles.js';

/**
 * Portal sections. `/api/me` returns the keys a caller's roles may open, so navigation by role is
 * decided once, on the server; the portal only maps keys to labels and pages.
 */
export const portalSections = [
  'overview',
  'branches',
  'volunteers',
  'donations',
  'logistics',
  'mobilisation',
  'pilot',
  'audit',
] as const;

/** One of {@link portalSections}. */
export type PortalSection = (typeof portalSections)[number];

const sectionsByRole: Record<Role, readonly PortalSection[]> = {
  province: ['overview', 'branches', 'volunteers', 'donations', 'logistics', 'mobilisation', 'pilot', 'audit'],
  city: ['overview', 'branches', 'volunteers', 'donations', 'logistics', 'mobilisation', 'pilot', 'audit'],
  county: ['overview', 'branches', 'volunteers', 'donations', 'logistics', 'mobilisation', 'pilot', 'audit'],
  branch: ['overview', 'branches', 'volunteers', 'mobilisation'],
  warehouseKeeper: ['overview', 'logistics'],
  financeOfficer: ['overview', 'donations'],
  evaluator: ['overview', 'pilot'],
  volunteer: ['overview', 'volunteers'],
};

/** The sections any of `roles` may open, in portal order. */
export function sectionsFor(roles: readonly Role[]): PortalSection[] {
  const allowed = new Set(roles.flatMap((role) => sectionsByRole[role]));
  return portalSections.filter((section) => allowed.has(section));
}
