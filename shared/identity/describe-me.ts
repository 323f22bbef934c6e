import { authorize } from '../auth/authorize.js';
import { type PortalSection, sectionsFor } from '../auth/navigation.js';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import { divisionLevel, type DivisionLevel } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';

/** What the portal needs to draw its shell for the signed-in user. */
export interface MeView {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly division: { code: string; name: string; level: DivisionLevel };
  readonly navigation: PortalSection[];
}

/**
 * Describe the caller: roles, division scope (with its name) and the portal sections they may open.
 *
 * Steps: authorise `profile:read` (401 without a principal, 403 for an account lacking role or
 * division); look up the division's name (a code missing from reference data still answers, named
 * by its code, so a data gap never locks a user out); derive navigation from roles.
 */
export async function describeMe(principal: Principal | undefined): Promise<MeView> {
  const me = authorize(principal, 'profile:read');
  const division = await findDivision(me.division);
  return {
    username: me.username,
    name: me.name,
    roles: me.roles,
    division: { code: me.division, name: division?.name ?? me.division, level: divisionLevel(me.division) },
    navigation: sectionsFor(me.roles),
  };
}
