/**
 * Coverage maths against DynamoDB Local: the DivisionCoverage states and CoverageTally counters
 * that branch and commissioner writes maintain, read back through GET /api/coverage, the
 * uncovered list and the city and province roll-ups. This file owns 浠水县 (421125000000), a
 * county no other file writes to, so its figures are exact; roll-ups above it are compared with
 * the county's own figures because other files write elsewhere in 黄冈市 at the same time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, callers, countyStaff, loadCounty, loadUpperDivisions, referenceChildren, referenceTotals } from '../support/staff-api.js';

const xishui = '421125000000'; // 浠水县
const staff = countyStaff(xishui, '浠水县红会 测试');
const qingquan = '421125100000'; // 清泉镇
const bahe = '421125101000'; // 巴河镇
const maqishan = '421125101200'; // 巴河镇 马骑山村
const jianghong = '421125101201'; // 巴河镇 江洪村
const shangjie = '421125101202'; // 巴河镇 上街村
const qingxian = '421125101203'; // 巴河镇 青鲜村
const cangshan = '421125101204'; // 巴河镇 仓山村
const developmentZone = '421125402000'; // 经济开发区: 10 villages and communities

// `any`: loose JSON access keeps assertions short; every value used is checked by expect.
type Tally = Record<string, any>;

async function coverage(division: string, caller: Caller = staff): Promise<{ summary: Tally; children: Tally[] }> {
  const answer = await call(caller, 'GET /api/coverage', { query: { division } });
  expect(answer.status).toBe(200);
  return answer.body as { summary: Tally; children: Tally[] };
}
const summaryOf = async (division: string) => (await coverage(division)).summary;

async function uncovered(division: string): Promise<string[]> {
  const answer = await call(staff, 'GET /api/coverage/uncovered', { query: { division } });
  expect(answer.status).toBe(200);
  return (answer.body.items as { code: string }[]).map((item) => item.code);
}

let seq = 0;
async function propose(division: string, type: string): Promise<string> {
  seq += 1;
  const answer = await call(staff, 'POST /api/branches', {
    body: { name: `浠水测试红十字会${seq}`, type, hostOrganisation: '测试承办单位', division },
  });
  expect(answer.status, answer.raw).toBe(201);
  return answer.body.branchId as string;
}
async function approve(branchId: string, expectedVersion = 1) {
  const answer = await call(staff, 'POST /api/branches/{branchId}/approve', { params: { branchId }, body: { expectedVersion } });
  expect(answer.status, answer.raw).toBe(200);
  return answer.body;
}
async function activeBranch(division: string, type: string): Promise<string> {
  const branchId = await propose(division, type);
  await approve(branchId);
  return branchId;
}
async function appoint(division: string): Promise<Tally> {
  const answer = await call(staff, 'POST /api/commissioners', {
    body: { name: '测试专员', phone: '13912345678', division, boardSeat: 'council', termStart: '2026-11-01' },
  });
  expect(answer.status, answer.raw).toBe(201);
  return answer.body;
}

beforeAll(async () => {
  await loadUpperDivisions();
  await Promise.all([loadCounty(xishui), loadCounty('421123000000')]);
});

describe('coverage of a county', () => {
  it('shows a county with no branches at 0 % of its reference totals', async () => {
    const totals = referenceTotals(xishui);

    const { summary, children } = await coverage(xishui);

    expect(summary.townships).toEqual({ total: totals.townships, covered: 0 });
    expect(summary.villages).toEqual({ total: totals.villages, covered: 0 });
    expect(summary.commissioners).toBe(0);
    expect(Object.values(summary.branches as Record<string, number>).every((n) => n === 0)).toBe(true);
    expect(children.map((child) => child.code).sort()).toEqual(referenceChildren(xishui).map((c) => c.code).sort());
  });

  it('takes 罗田县 totals from the reference data', async () => {
    const totals = referenceTotals('421123000000');

    const { summary } = await coverage('421123000000', callers.luotian);

    expect(summary.townships.total).toBe(totals.townships);
    expect(summary.villages.total).toBe(totals.villages);
    expect(totals).toEqual({ townships: 17, villages: 441 });
  });

  it('does not count a proposed township branch, and counts it once approved', async () => {
    // Arrange
    const before = await summaryOf(xishui);
    const branchId = await propose(qingquan, 'township');
    const whileProposed = await summaryOf(xishui);

    // Act
    await approve(branchId);

    // Assert
    expect(whileProposed.townships.covered).toBe(before.townships.covered);
    expect(whileProposed.branches.township).toBe(before.branches.township);
    const { summary, children } = await coverage(xishui);
    expect(summary.townships.covered).toBe(before.townships.covered + 1);
    expect(summary.branches.township).toBe(before.branches.township + 1);
    expect(children.find((child) => child.code === qingquan)!.townships.covered).toBe(1);
  });

  it('counts an approved village branch at county and township level', async () => {
    // Arrange
    const countyBefore = await summaryOf(xishui);
    const townshipBefore = await summaryOf(bahe);

    // Act
    await activeBranch(maqishan, 'village');

    // Assert
    const countyAfter = await summaryOf(xishui);
    const township = await coverage(bahe);
    expect(countyAfter.villages.covered).toBe(countyBefore.villages.covered + 1);
    expect(countyAfter.branches.village).toBe(countyBefore.branches.village + 1);
    expect(countyAfter.townships.covered).toBe(countyBefore.townships.covered);
    expect(township.summary.villages.covered).toBe(townshipBefore.villages.covered + 1);
    expect(township.children.find((child) => child.code === maqishan)).toMatchObject({ covered: true, by: 'branch' });
    const row = (await coverage(xishui)).children.find((child) => child.code === bahe)!;
    expect(row.villages.covered).toBe(township.summary.villages.covered);
  });

  it('counts a commissioner, and hands the village over without double counting when a branch is approved there', async () => {
    // Arrange: a commissioner serves 江洪村
    const before = await summaryOf(xishui);
    const commissioner = await appoint(jianghong);
    const withCommissioner = await summaryOf(xishui);
    expect(withCommissioner.villages.covered).toBe(before.villages.covered + 1);
    expect(withCommissioner.commissioners).toBe(before.commissioners + 1);
    expect((await coverage(bahe)).children.find((child) => child.code === jianghong)).toMatchObject({ covered: true, by: 'commissioner' });

    // Act: a village branch is founded there
    const branchId = await propose(jianghong, 'village');
    await approve(branchId);

    // Assert: the commissioner's appointment ended because of the branch; the village counts once
    const ended = await call(staff, 'GET /api/commissioners/{commissionerId}', { params: { commissionerId: commissioner.commissionerId } });
    expect(ended.body).toMatchObject({ status: 'ended', endedReason: 'branchFounded' });
    const after = await summaryOf(xishui);
    expect(after.villages.covered).toBe(withCommissioner.villages.covered);
    expect(after.commissioners).toBe(withCommissioner.commissioners - 1);
    expect(after.branches.village).toBe(withCommissioner.branches.village + 1);
    expect((await coverage(bahe)).children.find((child) => child.code === jianghong)).toMatchObject({ covered: true, by: 'branch' });
  });

  it('refuses a commissioner where an active branch covers the village with 409 BRANCH_EXISTS', async () => {
    const answer = await call(staff, 'POST /api/commissioners', {
      body: { name: '多余专员', division: maqishan, boardSeat: 'council', termStart: '2026-11-01' },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('BRANCH_EXISTS');
  });

  it('drops coverage when an appointment ends, and keeps it when a commissioner is replaced', async () => {
    // Arrange
    const first = await appoint(qingxian);
    const before = await summaryOf(xishui);

    // Act: replace, then end the successor
    const replaced = await call(staff, 'POST /api/commissioners/{commissionerId}/replace', {
      params: { commissionerId: first.commissionerId },
      body: { expectedVersion: 1, reason: '工作调动', successor: { name: '接任专员', termStart: '2026-11-20' } },
    });
    const afterReplace = await summaryOf(xishui);
    const ended = await call(staff, 'POST /api/commissioners/{commissionerId}/end', {
      params: { commissionerId: replaced.body.successor.commissionerId },
      body: { expectedVersion: 1, reason: '任期届满' },
    });
    const afterEnd = await summaryOf(xishui);

    // Assert
    expect(replaced.status).toBe(200);
    expect(replaced.body.ended).toMatchObject({ status: 'ended', successorId: replaced.body.successor.commissionerId });
    expect(afterReplace.villages.covered).toBe(before.villages.covered);
    expect(afterReplace.commissioners).toBe(before.commissioners);
    expect(ended.status).toBe(200);
    expect(afterEnd.villages.covered).toBe(before.villages.covered - 1);
    expect(afterEnd.commissioners).toBe(before.commissioners - 1);
  });

  it('removes coverage when a branch is dissolved, and never counts a rejected proposal', async () => {
    // Arrange
    const branchId = await activeBranch(shangjie, 'village');
    const before = await summaryOf(xishui);
    const rejectedId = await propose(cangshan, 'village');

    // Act
    const dissolved = await call(staff, 'POST /api/branches/{branchId}/dissolve', { params: { branchId }, body: { expectedVersion: 2, reason: '村委会撤并' } });
    const rejected = await call(staff, 'POST /api/branches/{branchId}/reject', { params: { branchId: rejectedId }, body: { expectedVersion: 1, reason: '材料不全' } });

    // Assert
    expect(dissolved.status).toBe(200);
    expect(rejected.status).toBe(200);
    const after = await summaryOf(xishui);
    expect(after.villages.covered).toBe(before.villages.covered - 1);
    expect(after.branches.village).toBe(before.branches.village - 1);
    expect((await coverage(bahe)).children.find((child) => child.code === shangjie)).toMatchObject({ covered: false, by: null });
    const stillUncovered = await uncovered(bahe);
    expect(stillUncovered).toContain(shangjie);
    expect(stillUncovered).toContain(cangshan);
  });

  it('shrinks the uncovered list as coverage rises', async () => {
    // Arrange
    const before = await uncovered(xishui);
    const village = '421125101205'; // 巴河镇 三元村
    expect(before).toContain(village);

    // Act
    await activeBranch(village, 'village');

    // Assert
    const after = await uncovered(xishui);
    expect(after).not.toContain(village);
    expect(after).toHaveLength(before.length - 1);
  });

  it('counts all of ten concurrent village approvals, bringing one township to 100 %', async () => {
    // Arrange: one proposal for every village of 经济开发区
    const villages = referenceChildren(developmentZone);
    expect(villages).toHaveLength(10);
    const before = await summaryOf(xishui);
    const ids = await Promise.all(villages.map((village) => propose(village.code, /社区/.test(village.name) ? 'community' : 'village')));

    // Act: approve them all at once
    await Promise.all(ids.map((id) => approve(id)));

    // Assert
    const after = await summaryOf(xishui);
    expect(after.villages.covered).toBe(before.villages.covered + 10);
    expect(after.branches.village + after.branches.community).toBe(before.branches.village + before.branches.community + 10);
    const township = await coverage(developmentZone);
    expect(township.summary.villages).toEqual({ total: 10, covered: 10 });
    expect(township.children.every((child) => child.covered === true)).toBe(true);
    const row = (await coverage(xishui)).children.find((child) => child.code === developmentZone)!;
    expect(row.villages).toEqual({ total: 10, covered: 10 });
    expect(await uncovered(developmentZone)).toEqual([]);
  });

  it('counts school, hospital and enterprise branches against the targets the county sets', async () => {
    // Arrange
    const before = await summaryOf(xishui);
    const put = await call(staff, 'PUT /api/coverage/{county}/targets', { params: { county: xishui }, body: { school: 3, hospital: 2, enterprise: 1 } });

    // Act
    await activeBranch(qingquan, 'school');
    await activeBranch(xishui, 'hospital');
    await propose(qingquan, 'enterprise'); // proposed only: does not count

    // Assert
    expect(put.status).toBe(200);
    expect(put.body.targets).toEqual({ school: 3, hospital: 2, enterprise: 1 });
    const after = await summaryOf(xishui);
    expect(after.targets).toEqual({ school: 3, hospital: 2, enterprise: 1 });
    expect(after.branches.school).toBe(before.branches.school + 1);
    expect(after.branches.hospital).toBe(before.branches.hospital + 1);
    expect(after.branches.enterprise).toBe(before.branches.enterprise);
    expect(after.villages.covered).toBe(before.villages.covered);
    expect(after.townships.covered).toBe(before.townships.covered);
  });

  it("rolls the county's figures up into the city and the province", async () => {
    // Arrange
    const county = await summaryOf(xishui);

    // Act
    const city = await coverage('421100000000', callers.huanggang);
    const province = await coverage('420000000000', callers.province);

    // Assert: the city's row for 浠水县 is the county's own figures
    const row = city.children.find((child) => child.code === xishui)!;
    expect(row).toMatchObject({ townships: county.townships, villages: county.villages, commissioners: county.commissioners, branches: county.branches, targets: county.targets });
    // The city and province include them (other counties may add more meanwhile)
    expect(city.summary.villages.covered).toBeGreaterThanOrEqual(county.villages.covered);
    expect(city.summary.villages.total).toBeGreaterThanOrEqual(county.villages.total);
    const huanggang = province.children.find((child) => child.code === '421100000000')!;
    expect(huanggang.villages.covered).toBeGreaterThanOrEqual(county.villages.covered);
    expect(huanggang.branches.school).toBeGreaterThanOrEqual(county.branches.school);
    expect(province.summary.villages.covered).toBeGreaterThanOrEqual(huanggang.villages.covered);
  });

  it('keeps another county out of 浠水县 coverage and targets', async () => {
    const read = await call(callers.yingshan, 'GET /api/coverage', { query: { division: xishui } });
    const write = await call(callers.yingshan, 'PUT /api/coverage/{county}/targets', { params: { county: xishui }, body: { school: 9, hospital: 9, enterprise: 9 } });
    const cityWrite = await call(callers.huanggang, 'PUT /api/coverage/{county}/targets', { params: { county: xishui }, body: { school: 9, hospital: 9, enterprise: 9 } });

    expect(read.status).toBe(403);
    expect(write.status).toBe(403);
    expect(cityWrite.status).toBe(403);
    expect(cityWrite.body.error.code).toBe('FORBIDDEN');
    expect((await summaryOf(xishui)).targets).toEqual({ school: 3, hospital: 2, enterprise: 1 });
  });
});
