import * as z from 'zod/mini';

/**
 * China's 12-digit statistical division codes (DESIGN §5): province 2, city 2, county 2,
 * township 3, village 3 digits. Trailing zero groups mark the level, so scope checks are prefix
 * checks and a parent is found by zeroing the last non-zero group.
 */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** Hubei's province code: the root of everything Boai holds. */
export const provinceCode = '420000000000';

/** Length of the significant prefix at each level. */
const prefixLength: Record<DivisionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

/** zod schema of a syntactically valid division code (existence is checked against the table). */
export const divisionCodeSchema = z.string().check(
  z.regex(/^\d{12}$/, 'must be a 12-digit administrative division code'),
  z.refine((code: string) => !code.startsWith('00'), 'must name a province or below'),
);

/** The level a code denotes, from which groups are non-zero. */
export function divisionLevel(code: string): DivisionLevel {
  if (code.slice(9) !== '000') return 'village';
  if (code.slice(6, 9) !== '000') return 'township';
  if (code.slice(4, 6) !== '00') return 'county';
  if (code.slice(2, 4) !== '00') return 'city';
  return 'province';
}

/** The code's significant prefix: every code inside this division starts with it. */
export function divisionPrefix(code: string): string {
  return code.slice(0, prefixLength[divisionLevel(code)]);
}

/** The parent division's code, or undefined for a province. */
export function parentDivision(code: string): string | undefined {
  switch (divisionLevel(code)) {
    case 'province':
      return undefined;
    case 'city':
      return `${code.slice(0, 2)}0000000000`;
    case 'county':
      return `${code.slice(0, 4)}00000000`;
    case 'township':
      return `${code.slice(0, 6)}000000`;
    case 'village':
      return `${code.slice(0, 9)}000`;
  }
}

/** True when `target` lies inside (or is) the division `scope`. */
export function isWithin(scope: string, target: string): boolean {
  return target.startsWith(divisionPrefix(scope));
}
