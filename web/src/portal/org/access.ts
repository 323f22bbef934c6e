/**
 * What the signed-in user may do in the grassroots-organisation screens. The server decides (403
 * otherwise); the portal only hides buttons that would certainly be refused: county staff act in
 * their own county, township branch staff propose and keep members in theirs, city and province
 * staff read.
 */
import { ancestorAt, isBelow, levelOfCode } from '../../common/divisions.js';
import type { Me } from '../me.js';

export interface OrgAccess {
  /** The county the user acts in; undefined for city and province staff (they pick one). */
  ownCounty: string | undefined;
  /** Propose branches and edit proposals. */
  canPropose: boolean;
  /** Approve, reject, dissolve, import, appoint commissioners, set targets. */
  canDecide: boolean;
  /** Enrol members and change their dues and status. */
  canKeepMembers: boolean;
}

export function orgAccess(me: Pick<Me, 'roles' | 'division'>): OrgAccess {
  const level = levelOfCode(me.division.code);
  const inCounty = level === 'county' || isBelow(level, 'county');
  const ownCounty = inCounty ? ancestorAt(me.division.code, 'county') : undefined;
  const county = me.roles.includes('county') && ownCounty !== undefined;
  const branch = me.roles.includes('branch') && ownCounty !== undefined;
  return { ownCounty, canPropose: county || branch, canDecide: county, canKeepMembers: county || branch };
}

/** Levels a city or province user walks down to reach a county. */
export function countyPickerLevels(me: Pick<Me, 'division'>): Array<'city' | 'county'> {
  return levelOfCode(me.division.code) === 'province' ? ['city', 'county'] : ['county'];
}
