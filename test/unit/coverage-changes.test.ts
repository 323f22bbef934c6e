import { beforeAll, describe, expect, it } from 'vitest';
import { tallyUpdates } from '../../shared/coverage/coverage-changes.js';
import { branchChanges } from '../../shared/branches/branch-rules.js';
import { listScope } from '../../shared/branches/read-branches.js';
import { parseCsv } from '../../shared/imports/csv-rows.js';
import type { Principal } from '../../shared/auth/principal.js';

beforeAll(() => {
  process.env.TABLE_NAME ??= 'boai-unit';
});

const addsOf = (item: ReturnType<typeof tallyUpdates>[number]) => {
  const update = item.Update!;
  const names = update.ExpressionAttributeNames ?? {};
  const values = update.ExpressionAttributeValues ?? {};
  const adds = update.UpdateExpression!.split(' ADD ')[1]!.split(', ');
  return Object.fromEntries(adds.map((add) => { const [name, value] = add.split(' '); return [names[name!], values[value!]]; }));
};

describe('tallyUpdates', () => {
  it('counts a covered village in its township and its county', () => {
    const [township, county] = tallyUpdates('421123100201', { covered: 1 });
    expect(township!.Update!.Key).toEqual({ PK: 'COVERAGE#421123000000', SK: 'TALLY#421123100000' });
    expect(addsOf(township!)).toEqual({ villagesCovered: 1 });
    expect(county!.Update!.Key).toEqual({ PK: 'COVERAGE#421123000000', SK: '#TALLY' });
    expect(addsOf(county!)).toEqual({ villagesCovered: 1 });
  });

  it('counts a covered township as townshipsCovered at county level and as a 0/1 flag on the township', () => {
    const [township, county] = tallyUpdates('421123100000', { covered: -1, commissioners: -1 });
    expect(addsOf(township!)).toEqual({ townshipCovered: -1, commissioners: -1 });
    expect(addsOf(county!)).toEqual({ townshipsCovered: -1, commissioners: -1 });
  });

  it('puts a county-level school branch on the county tally only, indexed for the roll-up', () => {
    const items = tallyUpdates('421123000000', { branches: { school: 1 } });
    expect(items).toHaveLength(1);
    expect(addsOf(items[0]!)).toEqual({ activeBranches_school: 1 });
    expect(items[0]!.Update!.ExpressionAttributeValues![':gsi1pk']).toBe('COVERAGE_TALLY');
  });

  it('writes nothing when nothing changes', () => {
    expect(tallyUpdates('421123100201', { covered: 0, branches: { village: 0 } })).toEqual([]);
  });
});

describe('branchChanges', () => {
  it('lists only changed fields with before and after', () => {
    const changes = branchChanges({ name: '甲', memberCount: 3, sites: [] }, { name: '乙', memberCount: 3, sites: [] });
    expect(changes).toEqual([{ field: 'name', before: '甲', after: '乙' }]);
  });
});

describe('listScope', () => {
  const staff = (division: string, roles: Principal['roles']): Principal => ({ userId: 'u', username: 'u', name: 'u', roles, division });

  it('defaults county staff to their county and township staff to their township', () => {
    expect(listScope(staff('421123000000', ['county']), {})).toEqual({ county: '421123000000', division: '421123000000' });
    expect(listScope(staff('421123100000', ['branch']), {})).toEqual({ county: '421123000000', division: '421123100000' });
  });

  it('makes city staff name a county, and refuses a division outside it', () => {
    expect(() => listScope(staff('421100000000', ['city']), {})).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => listScope(staff('421100000000', ['city']), { county: '421123000000', division: '421124100000' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => listScope(staff('421100000000', ['city']), { county: '421100000000' })).toThrow(expect.objectContaining({ code: 'DIVISION_LEVEL_INVALID' }));
  });
});

describe('parseCsv', () => {
  it('drops a UTF-8 BOM and blank lines and numbers rows by file line', async () => {
    const rows = await parseCsv('\uFEFFname,type\n 甲 ,村\n\n乙,学校\n');
    expect(rows).toEqual([
      { line: 2, values: { name: '甲', type: '村' } },
      { line: 4, values: { name: '乙', type: '学校' } },
    ]);
  });

  it('refuses an empty file and one over the row limit', async () => {
    await expect(parseCsv('name,type\n')).rejects.toMatchObject({ code: 'IMPORT_EMPTY' });
    await expect(parseCsv(`name\n${'x\n'.repeat(2001)}`)).rejects.toMatchObject({ code: 'IMPORT_TOO_LARGE', status: 413 });
  });
});
