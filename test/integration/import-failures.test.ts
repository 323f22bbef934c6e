/**
 * CSV imports when the service fails part-way or another officer races them. This file owns
 * 武穴市 (421182000000). Failures are injected by making DynamoDB refuse one transaction with a
 * throttling error, exactly what the SDK raises in AWS when it gives up.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../shared/data/dynamo-client.js';
import { sendUpdate } from '../../shared/imports/reservations.js';
import { claimSeat, reservationSeconds, reserveCommissionerSeat } from '../../shared/coverage/coverage-changes.js';
import { call, countyStaff, loadCounty } from '../support/staff-api.js';

const wuxue = '421182000000'; // 武穴市
const staff = countyStaff(wuxue, '武穴市红会 测试');
const wuxueStreet = '421182001000'; // 武穴街道
const [xixin, dongxin, xicaiyuan, zhonglou, xiagang, zhengjie] = ['421182001001', '421182001003', '421182001004', '421182001005', '421182001007', '421182001008'];
const luosixuan = '421182001010'; // 螺丝旋社区, used only by the approval race
const [daqiao, liujiaxiang] = ['421182001011', '421182001012']; // 大桥社区, 刘家巷社区: lost answers
const branchHeader = 'name,type,hostOrganisation,division,foundedOn,presidentName,presidentPhone,memberCount,volunteerCount';
const commissionerHeader = 'name,title,phone,division,boardSeat,termStart,termEnd';

/**
 * Lets the `n`-th call of `kind` from now reach DynamoDB and commit, then loses its answer (the
 * caller sees a timeout): the case where a write happened but the writer cannot know it.
 */
function loseAnswerOfNth(kind: 'TransactWriteCommand' | 'UpdateCommand', n: number): void {
  const send = documentClient.send.bind(documentClient);
  let seen = 0;
  vi.spyOn(documentClient, 'send').mockImplementation((async (command: { constructor: { name: string } }, ...rest: unknown[]) => {
    const result = await (send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    if (command.constructor.name === kind && ++seen === n) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    return result;
  }) as unknown as typeof documentClient.send);
}

/** Makes the `n`-th TransactWriteItems call from now fail as throttled; the others go through. */
function throttleNthTransaction(n: number): void {
  const send = documentClient.send.bind(documentClient);
  let seen = 0;
  vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown, ...rest: unknown[]) => {
    if (command instanceof TransactWriteCommand && ++seen === n) {
      return Promise.reject(Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }));
    }
    return (send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
  }) as typeof documentClient.send);
}

const coverage = async (division = wuxueStreet) => (await call(staff, 'GET /api/coverage', { query: { division } })).body;
const village = (body: Record<string, unknown>, code: string) =>
  (body.children as { code: string; covered: boolean; by: string | null }[]).find((child) => child.code === code);

beforeAll(async () => {
  await loadCounty(wuxue);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('branch import failing part-way', () => {
  it('answers 503 IMPORT_INCOMPLETE naming the rows written, frees the seats of the others, and counts only what landed', async () => {
    // Arrange: the second row's transaction will be throttled (one row in flight at a time would
    // make "second" exact; with eight in flight the first and third may land either way).
    const before = await coverage();
    const csv = [branchHeader, ...[xixin, dongxin, xicaiyuan].map((code, i) => `社区${i}红十字会,社区,社区${i}居委会,${code},,,,,`)].join('\n');
    throttleNthTransaction(2);

    // Act
    const answer = await call(staff, 'POST /api/branches/import', { body: { csv } });
    vi.restoreAllMocks();

    // Assert
    expect(answer.status, answer.raw).toBe(503);
    expect(answer.body.error.code).toBe('IMPORT_INCOMPLETE');
    const landedLines: number[] = answer.body.error.importedRows;
    expect(landedLines.length).toBeGreaterThanOrEqual(1);
    expect(landedLines.length).toBeLessThanOrEqual(2);
    const after = await coverage();
    expect(after.summary.villages.covered).toBe(before.summary.villages.covered + landedLines.length);
    const codes = [xixin, dongxin, xicaiyuan];
    for (const [index, code] of codes.entries()) {
      const landed = landedLines.includes(index + 2);
      expect(village(after, code)?.covered, code).toBe(landed);
      // A row that did not land left its seat free: a proposal there is accepted.
      if (!landed) {
        const proposal = await call(staff, 'POST /api/branches', { body: { name: `社区${index}红十字会`, type: 'community', hostOrganisation: '居委会', division: code } });
        expect(proposal.status, proposal.raw).toBe(201);
      }
    }
  });

  it('takes over a seat whose import reservation lapsed (the import died without releasing it)', async () => {
    // Arrange: a reservation that ended a minute ago, as a crashed import would leave it.
    await sendUpdate(claimSeat(zhonglou, '01J0000000000000000000DEAD', Math.floor(Date.now() / 1000) - 60));

    // Act
    const proposal = await call(staff, 'POST /api/branches', { body: { name: '钟楼社区红十字会', type: 'community', hostOrganisation: '钟楼社区居委会', division: zhonglou } });

    // Assert
    expect(proposal.status, proposal.raw).toBe(201);
  });

  it('still refuses a seat held by a live import reservation', async () => {
    await sendUpdate(claimSeat(zhengjie, '01J0000000000000000000L1VE', Math.floor(Date.now() / 1000) + reservationSeconds));

    const proposal = await call(staff, 'POST /api/branches', { body: { name: '正街社区红十字会', type: 'community', hostOrganisation: '正街社区居委会', division: zhengjie } });

    expect(proposal.status).toBe(409);
    expect(proposal.body.error.code).toBe('BRANCH_SEAT_TAKEN');
  });
});

describe('imports whose writes landed but whose answers were lost', () => {
  it('counts a branch row that committed as imported and keeps its seat (no second branch can take the division)', async () => {
    // Arrange: one row; its transaction commits, then the answer is lost.
    const csv = [branchHeader, `大桥社区红十字会,社区,大桥社区居委会,${daqiao},,,,,`].join('\n');
    loseAnswerOfNth('TransactWriteCommand', 1);

    // Act
    const answer = await call(staff, 'POST /api/branches/import', { body: { csv } });
    vi.restoreAllMocks();

    // Assert: reported as written, the village covered by it, the seat still held, and the
    // branch can be dissolved normally (its seat and coverage intact).
    expect(answer.status, answer.raw).toBe(503);
    expect(answer.body.error).toMatchObject({ code: 'IMPORT_INCOMPLETE', importedRows: [2] });
    expect(village(await coverage(), daqiao)).toMatchObject({ covered: true, by: 'branch' });
    const second = await call(staff, 'POST /api/branches', { body: { name: '大桥社区红十字会', type: 'community', hostOrganisation: '居委会', division: daqiao } });
    expect(second.status).toBe(409);
    const list = await call(staff, 'GET /api/branches', { query: { county: wuxue, division: daqiao } });
    const landed = list.body.items.find((item: { status: string }) => item.status === 'active');
    const dissolved = await call(staff, 'POST /api/branches/{branchId}/dissolve', { params: { branchId: landed.branchId }, body: { expectedVersion: 1, reason: '测试撤销' } });
    expect(dissolved.status, dissolved.raw).toBe(200);
    expect(village(await coverage(), daqiao)).toMatchObject({ covered: false });
  });

  it('frees a seat whose reservation committed but whose answer was lost', async () => {
    const csv = [branchHeader, `刘家巷社区红十字会,社区,刘家巷社区居委会,${liujiaxiang},,,,,`].join('\n');
    loseAnswerOfNth('UpdateCommand', 1);

    const answer = await call(staff, 'POST /api/branches/import', { body: { csv } });
    vi.restoreAllMocks();

    expect(answer.status).toBeGreaterThanOrEqual(500);
    const proposal = await call(staff, 'POST /api/branches', { body: { name: '刘家巷社区红十字会', type: 'community', hostOrganisation: '居委会', division: liujiaxiang } });
    expect(proposal.status, proposal.raw).toBe(201);
  });
});

describe('commissioner import failing part-way', () => {
  it('leaves no division looking covered that the tallies do not count, and its seats appointable', async () => {
    // Arrange: the first row's transaction fails, so nothing lands.
    const before = await coverage();
    const csv = [commissionerHeader, `赵专员,社区书记,,${xiagang},理事会,2026-01-01,2028-12-31`].join('\n');
    throttleNthTransaction(1);

    // Act
    const answer = await call(staff, 'POST /api/commissioners/import', { body: { csv } });
    vi.restoreAllMocks();

    // Assert: a busy service, nothing counted, and the village neither covered nor blocked.
    expect(answer.status).toBe(503);
    const after = await coverage();
    expect(after.summary.villages.covered).toBe(before.summary.villages.covered);
    expect(village(after, xiagang)).toMatchObject({ covered: false, by: null });
    const uncovered = await call(staff, 'GET /api/coverage/uncovered', { query: { division: wuxueStreet } });
    expect(uncovered.body.items.map((item: { code: string }) => item.code)).toContain(xiagang);
    const appointed = await call(staff, 'POST /api/commissioners', { body: { name: '赵专员', division: xiagang, boardSeat: 'council', termStart: '2026-01-01' } });
    expect(appointed.status, appointed.raw).toBe(201);
  });

  it('makes a branch approval wait (409) while an import holds the village, without counting twice', async () => {
    // Arrange: a proposed village branch, and a live commissioner reservation on the same village
    // (an import between its two phases).
    const target = luosixuan;
    expect(village(await coverage(), target)?.covered).toBe(false);
    const proposal = await call(staff, 'POST /api/branches', { body: { name: '螺丝旋社区红十字会', type: 'community', hostOrganisation: '螺丝旋社区居委会', division: target } });
    expect(proposal.status, proposal.raw).toBe(201);
    await sendUpdate(reserveCommissionerSeat(target, '01J0000000000000000000PEND', Math.floor(Date.now() / 1000) + reservationSeconds));
    const before = await coverage();

    // Act
    const approval = await call(staff, 'POST /api/branches/{branchId}/approve', { params: { branchId: proposal.body.branchId }, body: { expectedVersion: 1 } });

    // Assert
    expect(approval.status).toBe(409);
    expect(approval.body.error.code).toBe('CONCURRENT_UPDATE');
    expect((await coverage()).summary).toEqual(before.summary);
  });
});
