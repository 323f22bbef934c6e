/**
 * CSV imports of branches and commissioners against DynamoDB Local: all rows or none. This file
 * owns 蕲春县 (421126000000); "nothing written" is checked on its branch list, commissioner list
 * and coverage, which no other file touches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, callers, clearMobile, countyStaff, loadCounty } from '../support/staff-api.js';

const qichun = '421126000000'; // 蕲春县
const staff = countyStaff(qichun, '蕲春县红会 测试');
const caohe = '421126100000'; // 漕河镇
const chidong = '421126101000'; // 赤东镇
const zhuwa = '421126101200'; // 赤东镇 竹瓦村
const xiazhurong = '421126101201'; // 赤东镇 下朱荣村
const suwei = '421126101202'; // 赤东镇 苏圩村
const xiachen = '421126101203'; // 赤东镇 下陈村
const xiacao = '421126100001'; // 漕河镇 夏漕社区
const nanmenfan = '421126100002'; // 漕河镇 南门畈社区
const fushan = '421126100003'; // 漕河镇 傅畈社区

const branchHeader = 'name,type,hostOrganisation,division,foundedOn,presidentName,presidentPhone,memberCount,volunteerCount';
const commissionerHeader = 'name,title,phone,division,boardSeat,termStart,termEnd';

/** What "nothing written" is checked against: the county's lists and coverage. */
async function snapshot() {
  const [branches, commissioners, coverage] = await Promise.all([
    call(staff, 'GET /api/branches', { query: { county: qichun } }),
    call(staff, 'GET /api/commissioners', { query: { county: qichun } }),
    call(staff, 'GET /api/coverage', { query: { division: qichun } }),
  ]);
  expect(branches.status).toBe(200);
  expect(coverage.status).toBe(200);
  return { branches: branches.body.items.length as number, commissioners: commissioners.body.items.length as number, summary: coverage.body.summary };
}

const importBranches = (csv: string, options: { dryRun?: boolean; caller?: typeof staff } = {}) =>
  call(options.caller ?? staff, 'POST /api/branches/import', { body: { csv }, ...(options.dryRun ? { query: { dryRun: 'true' } } : {}) });
const importCommissioners = (csv: string, options: { dryRun?: boolean; caller?: typeof staff } = {}) =>
  call(options.caller ?? staff, 'POST /api/commissioners/import', { body: { csv }, ...(options.dryRun ? { query: { dryRun: 'true' } } : {}) });

let takenVillage: string;

beforeAll(async () => {
  await Promise.all([loadCounty(qichun), loadCounty('421123000000')]);
  // A village whose seat is already held by an active branch.
  takenVillage = xiachen;
  const proposed = await call(staff, 'POST /api/branches', { body: { name: '下陈村红十字会', type: 'village', hostOrganisation: '下陈村村民委员会', division: takenVillage } });
  expect(proposed.status).toBe(201);
  const approved = await call(staff, 'POST /api/branches/{branchId}/approve', { params: { branchId: proposed.body.branchId }, body: { expectedVersion: 1 } });
  expect(approved.status).toBe(200);
});

describe('branch import', () => {
  it('rejects a file with bad rows with 422 IMPORT_REJECTED listing each row, and writes nothing', async () => {
    // Arrange
    const before = await snapshot();
    const csv = [
      branchHeader,
      `好的乡镇红十字会,乡镇,漕河镇政府,${caohe},2025-01-01,王会长,13811112222,10,5`, // 2: fine on its own
      `类型错误红十字会,castle,某单位,${chidong},,,,,`, // 3: bad type
      '不存在的红十字会,村,某村,421126101999,,,,,', // 4: unknown division
      `竹瓦村红十字会,村,竹瓦村,${zhuwa},,,,,`, // 5: fine on its own
      `竹瓦村第二红十字会,村,竹瓦村,${zhuwa},,,,,`, // 6: same seat as row 5
      `下陈村红十字会,村,下陈村,${takenVillage},,,,,`, // 7: seat already taken
      '越权红十字会,学校,凤山中学,421123100000,,,,,', // 8: another county
      `电话错误红十字会,学校,某中学,${chidong},,李校长,1234567890,,`, // 9: not a phone number
      `电话太短红十字会,学校,某小学,${chidong},,李校长,12345,,`, // 10: not a phone number
    ].join('\n');

    // Act
    const answer = await importBranches(csv);

    // Assert
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('IMPORT_REJECTED');
    const rows = answer.body.error.rows as { row: number; field: string; code: string; message: string }[];
    const byRow = new Map(rows.map((r) => [r.row, r]));
    expect(byRow.get(3)).toMatchObject({ field: 'type' });
    expect(byRow.get(4)).toMatchObject({ field: 'division', code: 'DIVISION_NOT_FOUND' });
    expect(byRow.get(6)).toMatchObject({ field: 'division', code: 'BRANCH_SEAT_TAKEN' });
    expect(byRow.get(7)).toMatchObject({ field: 'division', code: 'BRANCH_SEAT_TAKEN' });
    expect(byRow.get(8)).toMatchObject({ field: 'division', code: 'OUT_OF_SCOPE' });
    expect(byRow.get(9)).toMatchObject({ field: 'presidentPhone' });
    expect(byRow.get(10)).toMatchObject({ field: 'presidentPhone' });
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([3, 4, 6, 7, 8, 9, 10]);
    for (const r of rows) expect(r.message.length).toBeGreaterThan(0);
    expect(answer.raw).not.toContain('13811112222');
    expect(await snapshot()).toEqual(before);
    // The seats of the good rows were not taken: proposing there still works.
    const proposal = await call(staff, 'POST /api/branches', { body: { name: '竹瓦村红十字会', type: 'village', hostOrganisation: '竹瓦村', division: zhuwa } });
    expect(proposal.status).toBe(201);
    expect((await call(staff, 'POST /api/branches/{branchId}/reject', { params: { branchId: proposal.body.branchId }, body: { expectedVersion: 1, reason: '测试后撤回' } })).status).toBe(200);
  });

  it('answers another county with row errors OUT_OF_SCOPE and writes nothing', async () => {
    const before = await snapshot();

    const answer = await importBranches(`${branchHeader}\n越权红十字会,村,竹瓦村,${zhuwa},,,,,\n`, { caller: callers.yingshan });

    expect(answer.status).toBe(422);
    expect(answer.body.error.rows).toEqual([expect.objectContaining({ row: 2, code: 'OUT_OF_SCOPE' })]);
    expect(await snapshot()).toEqual(before);
  });

  it('validates but writes nothing on a dry run', async () => {
    const before = await snapshot();

    const answer = await importBranches(`${branchHeader}\n漕河镇红十字会,乡镇,漕河镇政府,${caohe},,,,,\n`, { dryRun: true });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, rows: 1, imported: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('imports a good file (UTF-8 BOM, Chinese type names) as active branches, and coverage rises', async () => {
    // Arrange
    const before = await snapshot();
    const csv =
      '\uFEFF' +
      [
        branchHeader,
        `漕河镇红十字会,乡镇,漕河镇人民政府,${caohe},2025-03-15,王会长,13811112222,40,20`,
        `下朱荣村红十字会,村,下朱荣村村民委员会,${xiazhurong},2026-03-01,李主任,138 2222 3333,12,6`,
        `夏漕社区红十字会,社区,夏漕社区居民委员会,${xiacao},,,,,`,
        `蕲春一中红十字会,学校,蕲春县第一中学,${qichun},2024-09-01,张校长,,300,50`,
      ].join('\r\n');

    // Act
    const answer = await importBranches(csv);

    // Assert
    expect(answer.status, answer.raw).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: false, rows: 4, imported: 4 });
    const after = await snapshot();
    expect(after.branches).toBe(before.branches + 4);
    expect(after.summary.townships.covered).toBe(before.summary.townships.covered + 1);
    expect(after.summary.villages.covered).toBe(before.summary.villages.covered + 2);
    expect(after.summary.branches).toMatchObject({
      township: before.summary.branches.township + 1,
      village: before.summary.branches.village + 1,
      community: before.summary.branches.community + 1,
      school: before.summary.branches.school + 1,
    });
    const list = await call(staff, 'GET /api/branches', { query: { county: qichun, q: '漕河镇红十字会' } });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ status: 'active', type: 'township', memberCount: 40, leadership: [{ post: 'president', name: '王会长', phoneMasked: '138****2222' }] });
    const audit = await call(staff, 'GET /api/audit', { query: { division: qichun, limit: '50' } });
    expect((audit.body.items as { action: string }[]).filter((entry) => entry.action === 'branch.import')).toHaveLength(4);
    for (const text of [answer.raw, list.raw, audit.raw]) expect(text).not.toMatch(clearMobile);
  });
});

describe('branch import, repeated', () => {
  it('refuses a file imported a second time row by row, so no school or hospital is counted twice', async () => {
    // Arrange: a file of institutional branches only (they take no seat, so only their names can
    // tell a second import from new branches).
    const csv = [
      branchHeader,
      `蕲春县人民医院红十字会,医院,蕲春县人民医院,${qichun},2023-05-08,,,80,40`,
      `赤东镇中心小学红十字会,学校,赤东镇中心小学,${chidong},,,,,`,
      `赤东镇中心小学红十字会,学校,赤东镇中心小学,${chidong},,,,,`,
    ].join('\n');
    const inFile = await importBranches(csv);
    expect(inFile.status).toBe(422);
    expect(inFile.body.error.rows).toEqual([expect.objectContaining({ row: 4, field: 'name', code: 'BRANCH_DUPLICATE' })]);
    const once = await importBranches(csv.split('\n').slice(0, 3).join('\n'));
    expect(once.status, once.raw).toBe(200);
    const before = await snapshot();

    // Act
    const twice = await importBranches(csv.split('\n').slice(0, 3).join('\n'));

    // Assert
    expect(twice.status).toBe(422);
    expect(twice.body.error.rows.map((row: { row: number; code: string }) => [row.row, row.code])).toEqual([
      [2, 'BRANCH_DUPLICATE'],
      [3, 'BRANCH_DUPLICATE'],
    ]);
    expect(await snapshot()).toEqual(before);
    // The same holds for one branch registered by hand.
    const byHand = await call(staff, 'POST /api/branches', { body: { name: '蕲春县人民医院 红十字会', type: 'hospital', hostOrganisation: '蕲春县人民医院', division: qichun } });
    expect(byHand.status).toBe(409);
    expect(byHand.body.error.code).toBe('BRANCH_DUPLICATE');
  });
});

describe('commissioner import', () => {
  it('rejects a file with bad rows listing each row, and writes nothing', async () => {
    // Arrange
    const before = await snapshot();
    const csv = [
      commissionerHeader,
      `周专员,村支书,13900001111,${suwei},理事会,2026-01-01,`, // 2: fine on its own
      `吴专员,,,${fushan},董事会,2026-01-01,`, // 3: bad board seat
      `郑专员,,,${xiazhurong},理事会,2026-01-01,`, // 4: an active branch covers it (imported above)
      `钱专员,,12345678901,${nanmenfan},监事会,2026-01-01,`, // 5: not a phone number
      '孙专员,,,421123100203,理事会,2026-01-01,', // 6: another county
      `冯专员,,,${suwei},理事会,2026-01-01,`, // 7: same division as row 2
      `陈专员,,,${qichun},理事会,2026-01-01,`, // 8: a county is not a commissioner's level
    ].join('\n');

    // Act
    const answer = await importCommissioners(csv);

    // Assert
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('IMPORT_REJECTED');
    const byRow = new Map((answer.body.error.rows as { row: number; field: string; code: string }[]).map((r) => [r.row, r]));
    expect(byRow.get(3)).toMatchObject({ field: 'boardSeat' });
    expect(byRow.get(4)).toMatchObject({ code: 'BRANCH_EXISTS' });
    expect(byRow.get(5)).toMatchObject({ field: 'phone' });
    expect(byRow.get(6)).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect(byRow.get(7)).toMatchObject({ code: 'COMMISSIONER_SEAT_TAKEN' });
    expect(byRow.get(8)).toMatchObject({ code: 'COMMISSIONER_LEVEL_INVALID' });
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(answer.raw).not.toContain('13900001111');
    expect(await snapshot()).toEqual(before);
  });

  it('validates but writes nothing on a dry run', async () => {
    const before = await snapshot();

    const answer = await importCommissioners(`${commissionerHeader}\n周专员,,,${suwei},理事会,2026-01-01,\n`, { dryRun: true });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, imported: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('imports a good file as active appointments, and coverage counts them', async () => {
    // Arrange
    const before = await snapshot();
    const csv = '\uFEFF' + [commissionerHeader, `周专员,村支书,13900001111,${suwei},理事会,2026-01-01,2030-12-31`, `吴专员,,,${fushan},监事会,2026-02-01,`, `郑专员,,,${chidong},council,2026-02-01,`].join('\n');

    // Act
    const answer = await importCommissioners(csv);

    // Assert
    expect(answer.status, answer.raw).toBe(200);
    expect(answer.body).toMatchObject({ rows: 3, imported: 3 });
    const after = await snapshot();
    expect(after.commissioners).toBe(before.commissioners + 3);
    expect(after.summary.commissioners).toBe(before.summary.commissioners + 3);
    expect(after.summary.villages.covered).toBe(before.summary.villages.covered + 2);
    expect(after.summary.townships.covered).toBe(before.summary.townships.covered + 1);
    const list = await call(staff, 'GET /api/commissioners', { query: { county: qichun, division: suwei } });
    expect(list.body.items).toEqual([expect.objectContaining({ name: '周专员', status: 'active', boardSeat: 'council', boardDivision: chidong, phoneMasked: '139****1111' })]);
    expect(list.raw).not.toMatch(clearMobile);
  });
});
