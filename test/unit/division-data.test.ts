import { describe, expect, it } from 'vitest';
import { parentDivision } from '../../shared/divisions/division-code.js';
import { divisionItems, divisionKeys } from '../../shared/divisions/division-repository.js';
import { pilotRows, readDivisionRows } from '../../local/seed.js';

const rows = readDivisionRows();

describe('Hubei reference divisions', () => {
  it('has the counts of the 2023-06-30 statistical codes (DESIGN §5)', () => {
    const count = (pattern: RegExp) => rows.filter(([code]) => pattern.test(code)).length;
    expect(count(/^420000000000$/)).toBe(1);
    expect(count(/^42\d\d00000000$/) - 1).toBe(14);
    expect(count(/^42\d{2}(?!00)\d{2}000000$/)).toBe(105);
    expect(count(/^42\d{4}(?!000)\d{3}000$/)).toBe(1475);
    expect(count(/^42\d{7}(?!000)\d{3}$/)).toBe(27057);
  });

  it('has a parent for every division and no duplicates', () => {
    const codes = new Set(rows.map(([code]) => code));
    expect(codes.size).toBe(rows.length);
    for (const [code] of rows) {
      const parent = parentDivision(code);
      if (parent) expect(codes.has(parent), code).toBe(true);
    }
  });

  it('stores each division once as itself and once under its parent, with child counts', () => {
    const sample = pilotRows(rows).filter(([code]) => code.startsWith('421123100') || code === '421123000000');
    const items = divisionItems(sample);
    const township = items.find((item) => item.PK === divisionKeys.partition('421123100000') && item.SK === divisionKeys.self);
    const villages = sample.filter(([code]) => code.startsWith('421123100') && code !== '421123100000').length;
    expect(township?.childCount).toBe(villages);
    expect(items.filter((item) => item.PK === divisionKeys.partition('421123100000') && item.SK.startsWith('CHILD#'))).toHaveLength(villages);
    expect(items.filter((item) => item.SK === divisionKeys.self)).toHaveLength(sample.length);
  });
});
