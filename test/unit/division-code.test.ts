import { describe, expect, it } from 'vitest';
import { divisionCodeSchema, divisionLevel, divisionPrefix, isWithin, parentDivision } from '../../shared/divisions/division-code.js';

describe('division codes', () => {
  it.each([
    ['420000000000', 'province', undefined],
    ['421100000000', 'city', '420000000000'],
    ['421123000000', 'county', '421100000000'],
    ['421123100000', 'township', '421123000000'],
    ['421123100200', 'village', '421123100000'],
    ['429004001001', 'village', '429004001000'],
  ])('%s is a %s whose parent is %s', (code, level, parent) => {
    expect(divisionLevel(code)).toBe(level);
    expect(parentDivision(code)).toBe(parent);
  });

  it('scopes by prefix: a county contains its villages but not its neighbour', () => {
    expect(divisionPrefix('421123000000')).toBe('421123');
    expect(isWithin('421123000000', '421123100200')).toBe(true);
    expect(isWithin('421123000000', '421124100000')).toBe(false);
    expect(isWithin('420000000000', '429004001001')).toBe(true);
    expect(isWithin('421123100000', '421123000000')).toBe(false);
  });

  it('accepts only 12-digit codes below the national root', () => {
    expect(divisionCodeSchema.safeParse('421123000000').success).toBe(true);
    for (const bad of ['42112300000', '4211230000001', '42112300000x', '000000000000', '', ' 421123000000']) {
      expect(divisionCodeSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
