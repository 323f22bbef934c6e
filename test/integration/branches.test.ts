/**
 * Branch lifecycle, scope, audit and input handling against DynamoDB Local, through the
 * `branches` and `coverage` Lambda handlers with staff claims as the JWT authorizer passes them.
 * The lifecycle runs in 黄梅县 (421127000000), a county no other file writes to (the demo dataset
 * fills 罗田县 and 英山县); scope checks use the demo accounts on 罗田县 with seatless branches.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, callers, clearMobile, countyStaff, loadCounty } from '../support/staff-api.js';

const { luotian, yingshan, huanggang, fengshan } = callers;

// Real divisions (shared/divisions/hubei-divisions.json).
const huangmeiCounty = '421127000000'; // 黄梅县
const huangmei = countyStaff(huangmeiCounty, '黄梅县红会 测试');
const huangmeiTown = '421127100000'; // 黄梅镇
const konglongTown = '421127101000'; // 孔垄镇
const xiaochiTown = '421127102000'; // 小池镇
const xinheqiaoCommunity = '421127102001'; // 小池镇 新河桥社区
const dongshanCommunity = '421127100003'; // 黄梅镇 东山社区
const fengshanTown = '421123100000'; // 罗田县 凤山镇
const daheanTown = '421123102000'; // 罗田县 大河岸镇

const leaderPhone = '13812345678';

let seq = 0;
/** A proposal body; every name unique so lists can be searched for it. */
function proposal(division: string, type: string, extra: Record<string, unknown> = {}) {
  seq += 1;
  return {
    name: `测试红十字会${Date.now().toString(36)}${seq}`,
    type,
    hostOrganisation: '测试承办单位',
    division,
    foundedOn: '2026-11-01',
    leadership: [{ post: 'president', name: '王会长', phone: leaderPhone }],
    memberCount: 12,
    ...extra,
  };
}

async function propose(caller: Caller, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call(caller, 'POST /api/branches', { body, headers });
}
const approve = (caller: Caller, branchId: string, expectedVersion: number) =>
  call(caller, 'POST /api/branches/{branchId}/approve', { params: { branchId }, body: { expectedVersion } });
const dissolve = (caller: Caller, branchId: string, expectedVersion: number, reason = '承办单位撤销') =>
  call(caller, 'POST /api/branches/{branchId}/dissolve', { params: { branchId }, body: { expectedVersion, reason } });
const reject = (caller: Caller, branchId: string, expectedVersion: number, reason = '材料不全') =>
  call(caller, 'POST /api/branches/{branchId}/reject', { params: { branchId }, body: { expectedVersion, reason } });
const edit = (caller: Caller, branchId: string, body: Record<string, unknown>) =>
  call(caller, 'PATCH /api/branches/{branchId}', { params: { branchId }, body });

/** A proposed institutional branch (no seat), for tests that need any branch. */
async function givenProposedSchool(caller: Caller = huangmei, division = huangmeiTown): Promise<string> {
  const proposed = await propose(caller, proposal(division, 'school', { name: `中学红十字会${ulid()}` }));
  expect(proposed.status).toBe(201);
  return proposed.body.branchId as string;
}

beforeAll(async () => {
  await Promise.all([loadCounty(huangmeiCounty), loadCounty('421123000000')]);
});

describe('branch lifecycle', () => {
  it('takes a township branch from proposed through approved and edited to dissolved, with a history of who changed what', async () => {
    // Arrange / Act: propose
    const proposed = await propose(huangmei, proposal(konglongTown, 'township'));
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', version: 1, division: konglongTown, divisionName: '孔垄镇', county: huangmeiCounty });
    const branchId = proposed.body.branchId as string;

    // Act: approve
    const approved = await approve(huangmei, branchId, 1);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', version: 2, approvedBy: huangmei.name });

    // Act: edit
    const edited = await edit(huangmei, branchId, { expectedVersion: 2, name: '骆驼坳镇红十字会（新）', memberCount: 30 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 3, name: '骆驼坳镇红十字会（新）', memberCount: 30 });

    // Assert: history lists who/when/what
    const history = await call(huangmei, 'GET /api/branches/{branchId}/history', { params: { branchId } });
    expect(history.status).toBe(200);
    const items = history.body.items as { version: number; action: string; actor: { name: string }; at: string; changes: { field: string; before?: unknown; after?: unknown }[] }[];
    expect(items.map((item) => [item.version, item.action])).toEqual([
      [1, 'proposed'],
      [2, 'approved'],
      [3, 'edited'],
    ]);
    const editEntry = items[2]!;
    expect(editEntry.actor.name).toBe(huangmei.name);
    expect(Date.parse(editEntry.at)).not.toBeNaN();
    expect(editEntry.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', before: proposed.body.name, after: '骆驼坳镇红十字会（新）' },
        { field: 'memberCount', before: 12, after: 30 },
      ]),
    );
    expect(items[1]!.changes).toContainEqual({ field: 'status', before: 'proposed', after: 'active' });

    // Act: dissolve with a reason
    const dissolved = await dissolve(huangmei, branchId, 3, '乡镇合并');
    expect(dissolved.status).toBe(200);
    expect(dissolved.body).toMatchObject({ status: 'dissolved', version: 4, closedReason: '乡镇合并', closedBy: huangmei.name });

    // Assert: the seat is free again, so a new township branch can be proposed there
    const again = await propose(huangmei, proposal(konglongTown, 'township'));
    expect(again.status).toBe(201);
  });

  it('rejects a proposal with a reason and frees its seat', async () => {
    // Arrange
    const proposed = await propose(huangmei, proposal(xinheqiaoCommunity, 'village'));
    expect(proposed.status).toBe(201);

    // Act
    const rejected = await reject(huangmei, proposed.body.branchId, 1, '村委会未同意');

    // Assert
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', version: 2, closedReason: '村委会未同意' });
    const next = await propose(huangmei, proposal(xinheqiaoCommunity, 'village'));
    expect(next.status).toBe(201);
  });

  it('refuses to approve a branch twice with 409 BRANCH_STATE_INVALID', async () => {
    // Arrange
    const branchId = await givenProposedSchool();
    expect((await approve(huangmei, branchId, 1)).status).toBe(200);

    // Act
    const second = await approve(huangmei, branchId, 2);

    // Assert
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('BRANCH_STATE_INVALID');
  });

  it('keeps a leader\'s stored phone when an edit sends that leader without one, and drops it for a new leader', async () => {
    // Arrange: a branch whose president has a phone.
    const created = await propose(huangmei, proposal(huangmeiTown, 'school', { name: '电话保留测试学校红十字会', leadership: [{ post: 'president', name: '周校长', phone: '13912345678' }] }));
    expect(created.status, created.raw).toBe(201);

    // Act: change the president's title only (the form cannot send the phone back: it only sees
    // the masked one), then add a vice-president without a phone.
    const retitled = await edit(huangmei, created.body.branchId, { expectedVersion: 1, leadership: [{ post: 'president', name: '周校长', title: '校长' }] });
    const extended = await edit(huangmei, created.body.branchId, {
      expectedVersion: 2,
      leadership: [{ post: 'president', name: '周校长', title: '校长' }, { post: 'vicePresident', name: '吴老师' }],
    });
    const renamed = await edit(huangmei, created.body.branchId, { expectedVersion: 3, leadership: [{ post: 'president', name: '郑校长' }] });

    // Assert
    expect(retitled.status, retitled.raw).toBe(200);
    expect(retitled.body.leadership).toEqual([{ post: 'president', name: '周校长', title: '校长', phoneMasked: '139****5678' }]);
    expect(extended.body.leadership).toEqual([
      { post: 'president', name: '周校长', title: '校长', phoneMasked: '139****5678' },
      { post: 'vicePresident', name: '吴老师' },
    ]);
    // A different person does not inherit the phone of the one they replace.
    expect(renamed.body.leadership).toEqual([{ post: 'president', name: '郑校长' }]);
  });

  it('never passes a stored phone to another leader of the same post and name, and clears a phone sent as ""', async () => {
    // Arrange: two vice-presidents called 王伟 with different phones.
    const created = await propose(huangmei, proposal(huangmeiTown, 'school', {
      name: '同名测试学校红十字会',
      leadership: [
        { post: 'vicePresident', name: '王伟', phone: '13900000000' },
        { post: 'vicePresident', name: '王伟', phone: '13799999999' },
        { post: 'president', name: '钱校长', phone: '13612341234' },
      ],
    }));
    expect(created.status, created.raw).toBe(201);

    // Act: keep one 王伟 without a phone (ambiguous: which one?), and clear the president's phone.
    const edited = await edit(huangmei, created.body.branchId, {
      expectedVersion: 1,
      leadership: [{ post: 'vicePresident', name: '王伟' }, { post: 'president', name: '钱校长', phone: '' }],
    });

    // Assert: neither phone is guessed, and the cleared one is gone.
    expect(edited.status, edited.raw).toBe(200);
    expect(edited.body.leadership).toEqual([{ post: 'vicePresident', name: '王伟' }, { post: 'president', name: '钱校长' }]);
  });

  it('refuses a second school of the same name in a division, also when renaming, and frees the name on dissolving', async () => {
    const first = await propose(huangmei, proposal(huangmeiTown, 'school', { name: '黄梅镇第二小学红十字会' }));
    const other = await propose(huangmei, proposal(huangmeiTown, 'school', { name: '黄梅镇第三小学红十字会' }));
    expect([first.status, other.status]).toEqual([201, 201]);

    const twice = await Promise.all([
      propose(huangmei, proposal(huangmeiTown, 'school', { name: '黄梅镇第四小学红十字会' })),
      propose(huangmei, proposal(huangmeiTown, 'school', { name: '黄梅镇 第四小学红十字会' })),
    ]);
    const renamed = await edit(huangmei, other.body.branchId, { expectedVersion: 1, name: '黄梅镇第二小学红十字会' });

    expect(twice.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(twice.find((answer) => answer.status === 409)!.body.error.code).toBe('BRANCH_DUPLICATE');
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.code).toBe('BRANCH_DUPLICATE');
    // Rejecting the first frees its name for the renaming.
    expect((await reject(huangmei, first.body.branchId, 1)).status).toBe(200);
    const retried = await edit(huangmei, other.body.branchId, { expectedVersion: 1, name: '黄梅镇第二小学红十字会' });
    expect(retried.status, retried.raw).toBe(200);
  });

  it('answers 409 VERSION_CONFLICT to an edit based on a stale version, and keeps the newer edit', async () => {
    // Arrange
    const branchId = await givenProposedSchool();
    expect((await edit(huangmei, branchId, { expectedVersion: 1, hostOrganisation: '第一次修改' })).status).toBe(200);

    // Act
    const stale = await edit(huangmei, branchId, { expectedVersion: 1, hostOrganisation: '过期的修改' });

    // Assert
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const now = await call(huangmei, 'GET /api/branches/{branchId}', { params: { branchId } });
    expect(now.body).toMatchObject({ hostOrganisation: '第一次修改', version: 2 });
  });

  it('answers 409 VERSION_CONFLICT to an approval based on a stale version', async () => {
    const branchId = await givenProposedSchool();
    expect((await edit(huangmei, branchId, { expectedVersion: 1, memberCount: 5 })).status).toBe(200);

    const stale = await approve(huangmei, branchId, 1);

    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
  });

  it('refuses a second township branch for the same township with 409 BRANCH_SEAT_TAKEN', async () => {
    // Arrange: 小池镇 gets its township branch
    const first = await propose(huangmei, proposal(xiaochiTown, 'township'));
    expect(first.status).toBe(201);

    // Act
    const second = await propose(huangmei, proposal(xiaochiTown, 'subdistrict'));

    // Assert
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('BRANCH_SEAT_TAKEN');
  });

  it('lets exactly one of two concurrent proposals for the same village win', async () => {
    // Arrange: a village of 黄梅镇 nobody else in this file uses
    const village = '421127100001';

    // Act
    const answers = await Promise.all([propose(huangmei, proposal(village, 'village')), propose(huangmei, proposal(village, 'village'))]);

    // Assert
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('BRANCH_SEAT_TAKEN');
    const listed = await call(huangmei, 'GET /api/branches', { query: { division: village } });
    expect(listed.body.items.filter((b: { status: string }) => b.status !== 'rejected')).toHaveLength(1);
  });

  it('answers 422 BRANCH_LEVEL_MISMATCH when the type does not fit the division level', async () => {
    const villageTypeInTownship = await propose(huangmei, proposal(huangmeiTown, 'village'));
    const townshipTypeInVillage = await propose(huangmei, proposal(dongshanCommunity, 'township'));

    expect(villageTypeInTownship.status).toBe(422);
    expect(villageTypeInTownship.body.error.code).toBe('BRANCH_LEVEL_MISMATCH');
    expect(townshipTypeInVillage.status).toBe(422);
    expect(townshipTypeInVillage.body.error.code).toBe('BRANCH_LEVEL_MISMATCH');
  });

  it('answers 422 DIVISION_NOT_FOUND for a well-formed code that is not a division', async () => {
    const answer = await propose(huangmei, proposal('421127199000', 'township'));

    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('DIVISION_NOT_FOUND');
  });

  it('replays a proposal with the same Idempotency-Key as the same branch and writes it once', async () => {
    // Arrange
    const key = `propose-${ulid()}`;
    const body = proposal(huangmeiTown, 'hospital', { name: `凤山医院红十字会${ulid()}` });

    // Act
    const first = await propose(huangmei, body, { 'idempotency-key': key });
    const replay = await propose(huangmei, body, { 'idempotency-key': key });

    // Assert
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body.branchId).toBe(first.body.branchId);
    const listed = await call(huangmei, 'GET /api/branches', { query: { q: body.name } });
    expect(listed.body.items).toHaveLength(1);
  });

  it('answers concurrent twins of a keyed territorial proposal with the same branch, not BRANCH_SEAT_TAKEN', async () => {
    const key = `propose-${ulid()}`;
    const body = proposal('421127100002', 'village');

    const answers = await Promise.all([propose(huangmei, body, { 'idempotency-key': key }), propose(huangmei, body, { 'idempotency-key': key })]);

    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[0]!.body.branchId).toBe(answers[1]!.body.branchId);
  });

  it('refuses to change the type or division of a branch with 422 BRANCH_FIELD_FIXED', async () => {
    const branchId = await givenProposedSchool();

    const answer = await edit(huangmei, branchId, { expectedVersion: 1, type: 'hospital' });

    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('BRANCH_FIELD_FIXED');
  });
});

describe('scope', () => {
  let activeId: string;
  let proposedId: string;

  beforeAll(async () => {
    activeId = await givenProposedSchool(luotian, fengshanTown);
    expect((await approve(luotian, activeId, 1)).status).toBe(200);
    proposedId = await givenProposedSchool(luotian, fengshanTown);
  });

  it('gives another county 403 on every read of 罗田县', async () => {
    const answers = await Promise.all([
      call(yingshan, 'GET /api/branches', { query: { county: '421123000000' } }),
      call(yingshan, 'GET /api/branches/{branchId}', { params: { branchId: activeId } }),
      call(yingshan, 'GET /api/branches/{branchId}/history', { params: { branchId: activeId } }),
      call(yingshan, 'GET /api/coverage', { query: { division: '421123000000' } }),
      call(yingshan, 'GET /api/coverage/uncovered', { query: { division: '421123000000' } }),
      call(yingshan, 'GET /api/commissioners', { query: { county: '421123000000' } }),
      call(yingshan, 'GET /api/audit', { query: { division: '421123000000' } }),
    ]);

    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('OUT_OF_SCOPE');
    }
  });

  it('gives another county 403 on every write in 罗田县 and changes nothing', async () => {
    const answers = await Promise.all([
      propose(yingshan, proposal(fengshanTown, 'school')),
      approve(yingshan, proposedId, 1),
      reject(yingshan, proposedId, 1),
      edit(yingshan, activeId, { expectedVersion: 2, name: '越权修改' }),
      dissolve(yingshan, activeId, 2),
      call(yingshan, 'POST /api/commissioners', { body: { name: '越权专员', division: '421123100203', boardSeat: 'council', termStart: '2026-11-01' } }),
      call(yingshan, 'PUT /api/coverage/{county}/targets', { params: { county: '421123000000' }, body: { school: 1, hospital: 1, enterprise: 1 } }),
    ]);

    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('OUT_OF_SCOPE');
    }
    const active = await call(luotian, 'GET /api/branches/{branchId}', { params: { branchId: activeId } });
    expect(active.body).toMatchObject({ status: 'active', version: 2 });
    const proposed = await call(luotian, 'GET /api/branches/{branchId}', { params: { branchId: proposedId } });
    expect(proposed.body).toMatchObject({ status: 'proposed', version: 1 });
  });

  it('lets the city read 罗田县 but answers 403 FORBIDDEN to its writes', async () => {
    // Act: reads
    const reads = await Promise.all([
      call(huanggang, 'GET /api/branches', { query: { county: '421123000000' } }),
      call(huanggang, 'GET /api/branches/{branchId}', { params: { branchId: activeId } }),
      call(huanggang, 'GET /api/coverage', { query: { division: '421123000000' } }),
      call(huanggang, 'GET /api/commissioners', { query: { county: '421123000000' } }),
      call(huanggang, 'GET /api/audit', { query: { division: '421123000000' } }),
    ]);
    // Act: writes
    const writes = await Promise.all([
      propose(huanggang, proposal(fengshanTown, 'school')),
      approve(huanggang, proposedId, 1),
      edit(huanggang, activeId, { expectedVersion: 2, name: '市里修改' }),
      dissolve(huanggang, activeId, 2),
      call(huanggang, 'POST /api/commissioners', { body: { name: '市里专员', division: '421123100203', boardSeat: 'council', termStart: '2026-11-01' } }),
      call(huanggang, 'POST /api/branches/import', { body: { csv: 'name,type,hostOrganisation,division\n甲,school,甲校,421123100000\n' } }),
    ]);

    // Assert
    for (const read of reads) expect(read.status).toBe(200);
    expect(reads[0]!.body.items.map((b: { branchId: string }) => b.branchId)).toContain(activeId);
    for (const write of writes) {
      expect(write.status).toBe(403);
      expect(write.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('lets township staff propose in their own township but not approve', async () => {
    // Act
    const own = await propose(fengshan, proposal(fengshanTown, 'enterprise'));
    const elsewhere = await propose(fengshan, proposal(daheanTown, 'enterprise'));
    const approval = await approve(fengshan, own.body.branchId, 1);

    // Assert
    expect(own.status).toBe(201);
    expect(own.body.status).toBe('proposed');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('OUT_OF_SCOPE');
    expect(approval.status).toBe(403);
    expect(approval.body.error.code).toBe('FORBIDDEN');
  });

  it('lists only the township for township staff', async () => {
    const listed = await call(fengshan, 'GET /api/branches');

    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    for (const branch of listed.body.items as { division: string }[]) expect(branch.division.startsWith('421123100')).toBe(true);
  });
});

describe('audit and personal data', () => {
  it('leaves an audit entry for each write, and no clear phone in audit, history or responses', async () => {
    // Arrange / Act: propose, approve, edit leadership, dissolve
    const proposed = await propose(huangmei, proposal(huangmeiTown, 'institution', { name: `机关红十字会${ulid()}` }));
    const branchId = proposed.body.branchId as string;
    const approved = await approve(huangmei, branchId, 1);
    const edited = await edit(huangmei, branchId, { expectedVersion: 2, leadership: [{ post: 'president', name: '李会长', phone: '139 8765 4321' }] });
    const dissolved = await dissolve(huangmei, branchId, 3);

    // Assert: masked in responses
    expect(proposed.body.leadership[0].phoneMasked).toBe('138****5678');
    expect(edited.body.leadership[0].phoneMasked).toBe('139****4321');
    // Assert: one audit entry per write
    const audit = await call(huangmei, 'GET /api/audit', { query: { division: huangmeiCounty, limit: '200' } });
    expect(audit.status).toBe(200);
    const mine = (audit.body.items as { action: string; entityId: string; actor: { username: string } }[]).filter((entry) => entry.entityId === branchId);
    expect(mine.map((entry) => entry.action).sort()).toEqual(['branch.approve', 'branch.dissolve', 'branch.edit', 'branch.propose']);
    expect(mine.every((entry) => entry.actor.username === huangmei.username)).toBe(true);
    // Assert: nowhere in clear
    const history = await call(huangmei, 'GET /api/branches/{branchId}/history', { params: { branchId } });
    const fetched = await call(huangmei, 'GET /api/branches/{branchId}', { params: { branchId } });
    for (const text of [proposed.raw, approved.raw, edited.raw, dissolved.raw, audit.raw, history.raw, fetched.raw]) {
      expect(text).not.toMatch(clearMobile);
      expect(text).not.toContain('13987654321');
    }
    expect(history.raw).toContain('139****4321');
  });
});

describe('public finder', () => {
  it('lists only active branches with public fields, without leaders or phones', async () => {
    // Arrange: one active and one proposed in 凤山镇
    const activeId = await givenProposedSchool();
    expect((await approve(huangmei, activeId, 1)).status).toBe(200);
    const proposedId = await givenProposedSchool();

    // Act
    const found = await call(undefined, 'GET /api/public/branches', { query: { division: huangmeiTown } });

    // Assert
    expect(found.status).toBe(200);
    expect(found.body.division).toEqual({ code: huangmeiTown, name: '黄梅镇' });
    const ids = (found.body.items as { branchId: string }[]).map((b) => b.branchId);
    expect(ids).toContain(activeId);
    expect(ids).not.toContain(proposedId);
    const item = (found.body.items as Record<string, unknown>[]).find((b) => b.branchId === activeId)!;
    expect(Object.keys(item).sort()).toEqual(['branchId', 'division', 'divisionName', 'foundedOn', 'hostOrganisation', 'name', 'sites', 'type']);
    expect(found.raw).not.toContain('leadership');
    expect(found.raw).not.toContain('phoneMasked');
    expect(found.raw).not.toMatch(clearMobile);
  });

  it('answers 400 for a division above county level', async () => {
    const answer = await call(undefined, 'GET /api/public/branches', { query: { division: '421100000000' } });
    expect(answer.status).toBe(400);
  });
});

describe('bad input is a 4xx, never a 500', () => {
  it('answers 400 VALIDATION_FAILED to ids that are not ULIDs', async () => {
    const answers = await Promise.all([
      call(huangmei, 'GET /api/branches/{branchId}', { params: { branchId: 'not-a-ulid' } }),
      call(huangmei, 'GET /api/branches/{branchId}/history', { params: { branchId: '../../etc' } }),
      approve(huangmei, 'x'.repeat(26), 1),
      call(huangmei, 'GET /api/commissioners/{commissionerId}', { params: { commissionerId: '123' } }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 404 BRANCH_NOT_FOUND to an unknown ULID', async () => {
    const answer = await call(huangmei, 'GET /api/branches/{branchId}', { params: { branchId: ulid() } });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('BRANCH_NOT_FOUND');
  });

  it('answers 400 to bodies missing required fields or of the wrong shape', async () => {
    const branchId = await givenProposedSchool();
    const answers = await Promise.all([
      propose(huangmei, { name: '缺字段' }),
      propose(huangmei, { ...proposal(huangmeiTown, 'school'), type: 'castle' }),
      propose(huangmei, { ...proposal(huangmeiTown, 'school'), division: '4211' }),
      call(huangmei, 'POST /api/branches', { rawBody: '{"name":' }),
      approve(huangmei, branchId, 0),
      call(huangmei, 'POST /api/branches/{branchId}/approve', { params: { branchId }, body: {} }),
      call(huangmei, 'POST /api/branches/{branchId}/dissolve', { params: { branchId }, body: { expectedVersion: 1 } }),
      edit(huangmei, branchId, { name: '没有版本' }),
      call(huangmei, 'POST /api/commissioners', { body: { name: '缺字段' } }),
      call(huangmei, 'PUT /api/coverage/{county}/targets', { params: { county: huangmeiCounty }, body: { school: -1, hospital: 1.5 } }),
      call(huangmei, 'POST /api/branches/import', { body: {} }),
    ]);
    // Each is refused by validation itself (400), not by a later check that happened to fail.
    answers.forEach((answer, index) => {
      expect(answer.status, `case ${index}: ${answer.raw}`).toBe(400);
      expect(answer.body.error.code, `case ${index}`).toBe(index === 3 ? 'MALFORMED_JSON' : 'VALIDATION_FAILED');
    });
  });

  it('answers 400 for a leader phone that is not a phone number', async () => {
    const answer = await propose(huangmei, proposal(huangmeiTown, 'school', { leadership: [{ post: 'president', name: '王', phone: '1234567' }] }));
    expect(answer.status).toBe(400);
  });

  it('answers 400 INVALID_CURSOR to a bad or tampered audit cursor', async () => {
    const foreign = Buffer.from(JSON.stringify({ PK: 'AUDIT#421123000000', SK: 'x' })).toString('base64url');
    const missingSort = Buffer.from(JSON.stringify({ PK: 'AUDIT#421127000000' })).toString('base64url');
    const wrongType = Buffer.from(JSON.stringify({ PK: 'AUDIT#421127000000', SK: 5 })).toString('base64url');
    const extraKey = Buffer.from(JSON.stringify({ PK: 'AUDIT#421127000000', SK: '2026', GSI1PK: 'x' })).toString('base64url');
    for (const cursor of ['!!!', 'bm90IGpzb24', foreign, missingSort, wrongType, extraKey]) {
      const answer = await call(huangmei, 'GET /api/audit', { query: { division: huangmeiCounty, cursor } });
      expect(answer.status, cursor).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_CURSOR');
    }
  });

  it('pages the audit log with a cursor, newest first', async () => {
    // Arrange: at least three entries exist after a propose and approve
    const branchId = await givenProposedSchool();
    expect((await approve(huangmei, branchId, 1)).status).toBe(200);

    // Act
    const first = await call(huangmei, 'GET /api/audit', { query: { division: huangmeiCounty, limit: '1' } });
    const second = await call(huangmei, 'GET /api/audit', { query: { division: huangmeiCounty, limit: '1', cursor: first.body.cursor } });

    // Assert
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.cursor).toBe('string');
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].at <= first.body.items[0].at).toBe(true);
  });
});
