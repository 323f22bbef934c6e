/** The signed-in user as `GET /api/me` describes them, narrowed to what this portal build knows. */
import { isRole, type Role } from '../../../shared/auth/roles.js';
import { portalSections, type PortalSection } from '../../../shared/auth/navigation.js';
import type { Division } from '../common/api.js';

/** `GET /api/me` as sent. Roles and sections are plain strings on the wire. */
export interface MeResponse {
  username: string;
  name: string;
  roles: string[];
  division: Division;
  navigation: string[];
}

export interface Me {
  username: string;
  name: string;
  roles: Role[];
  division: Division;
  navigation: PortalSection[];
}

export function isPortalSection(value: string): value is PortalSection {
  return (portalSections as readonly string[]).includes(value);
}

/**
 * Drops roles and sections this build does not know. The server decides navigation; an older
 * portal still cached in a browser simply hides a section it cannot label instead of crashing.
 */
export function normalizeMe(response: MeResponse): Me {
  return {
    username: response.username,
    name: response.name || response.username,
    roles: (response.roles ?? []).filter(isRole),
    division: response.division,
    navigation: (response.navigation ?? []).filter(isPortalSection),
  };
}
