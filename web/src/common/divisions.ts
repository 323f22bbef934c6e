/**
 * Helpers over 12-digit statistical division codes (province 2, city 2, county 2, township 3,
 * village 3 digits). Pure and tiny: the public finder and the portal both use them.
 */
import type { DivisionLevel } from './api.js';

/** Digits that identify a division at each level; the rest of its code is zeros. */
const prefixLength: Record<DivisionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

/** Levels from the top, for comparisons. */
export const divisionLevels: readonly DivisionLevel[] = ['province', 'city', 'county', 'township', 'village'];

/** The level a well-formed code denotes (by its trailing zeros). */
export function levelOfCode(code: string): DivisionLevel {
  if (code.slice(2) === '0000000000') return 'province';
  if (code.slice(4) === '00000000') return 'city';
  if (code.slice(6) === '000000') return 'county';
  if (code.slice(9) === '000') return 'township';
  return 'village';
}

/** The ancestor of `code` at `level` (the code itself when it is at that level). */
export function ancestorAt(code: string, level: DivisionLevel): string {
  const keep = prefixLength[level];
  return code.slice(0, keep).padEnd(12, '0');
}

/** True when `level` is strictly below `than`. */
export function isBelow(level: DivisionLevel, than: DivisionLevel): boolean {
  return divisionLevels.indexOf(level) > divisionLevels.indexOf(than);
}

/** True for a 12-digit code. */
export function isDivisionCode(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{12}$/.test(value);
}
