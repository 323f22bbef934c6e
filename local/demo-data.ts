import Papa from 'papaparse';
import type { Principal } from '../shared/auth/principal.js';
import { proposeBranch } from '../shared/branches/register-branch.js';
import { approveBranch, dissolveBranch, rejectBranch } from '../shared/branches/review-branch.js';
import { setTargets } from '../shared/coverage/coverage-view.js';
import type { DivisionRow } from '../shared/divisions/division-repository.js';
import { importBranches } from '../shared/imports/import-branches.js';
import { importCommissioners } from '../shared/imports/import-commissioners.js';
import { editBranch } from '../shared/branches/edit-branch.js';
import { listBranches } from '../shared/branches/read-branches.js';
import { enrolMember } from '../shared/members/enrol-member.js';
import type { SiteKind } from '../shared/branches/branch.js';
import { demoAccounts } from './demo-accounts.js';

/**
 * The demo dataset of branches, commissioners and coverage: 罗田县 (the pilot county) with
 * realistic partial coverage, 英山县 with a little. It is written through the same use cases the
 * API runs (imports, proposals, approvals), so aggregates, history and audit are real, and a
 * change in the rules shows up here too. Phone numbers are in the 1380000xxxx test range.
 */
export async function loadDemoOrganisation(rows: readonly DivisionRow[]): Promise<{ branches: number; commissioners: number }> {
  const luotian = principalOf('county.luotian');
  const yingshan = principalOf('county.yingshan');
  let branches = 0;
  let commissioners = 0;

  const townshipsOf = (county: string) => rows.filter(([code]) => code.startsWith(county.slice(0, 6)) && code.slice(6, 9) !== '000' && code.endsWith('000'));
  const villagesOf = (township: string) => rows.filter(([code]) => code.startsWith(township.slice(0, 9)) && !code.endsWith('000'));
  const villageType = (name: string) => (/社区|居委会/.test(name) ? 'community' : 'village');
  const phone = (n: number) => `1380000${String(n % 10000).padStart(4, '0')}`;
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
  const given = ['建国', '秀英', '志强', '丽华', '德明', '春兰', '海涛', '桂芳', '国平', '晓燕'];
  const person = (n: number) => `${surnames[n % surnames.length]}${given[(n * 7) % given.length]}`;

  // 罗田县: 8 of 17 township-level divisions have a branch; in those, two villages in three do.
  const luotianTownships = townshipsOf('421123000000');
  const branchRows: Record<string, string | number>[] = [];
  luotianTownships.slice(0, 8).forEach(([code, name], t) => {
    branchRows.push({ name: `${name}红十字会`, type: '乡镇', hostOrganisation: `${name}人民政府`, division: code, foundedOn: `2025-0${(t % 9) + 1}-15`, presidentName: person(t), presidentPhone: phone(t), memberCount: 40 + t * 3, volunteerCount: 25 + t * 2 });
    villagesOf(code).forEach(([village, villageName], v) => {
      if (v % 3 === 2) return;
      const n = 100 + branchRows.length;
      branchRows.push({ name: `${villageName}红十字会`, type: villageType(villageName), hostOrganisation: `${villageName}村（居）民委员会`, division: village, foundedOn: '2026-03-01', presidentName: person(n), presidentPhone: phone(n), memberCount: 12 + (v % 9), volunteerCount: 6 + (v % 7) });
    });
  });
  const institutions: [string, string, string, string][] = [
    ['罗田县第一中学红十字会', 'school', '罗田县第一中学', '421123100000'],
    ['罗田县实验小学红十字会', 'school', '罗田县实验小学', '421123100000'],
    ['罗田县职业技术学校红十字会', 'school', '罗田县职业技术学校', '421123400000'],
    ['骆驼坳镇中心小学红十字会', 'school', '骆驼坳镇中心小学', '421123101000'],
    ['罗田县人民医院红十字会', 'hospital', '罗田县人民医院', '421123100000'],
    ['罗田县中医医院红十字会', 'hospital', '罗田县中医医院', '421123100000'],
    ['九资河镇卫生院红十字会', 'hospital', '九资河镇卫生院', '421123103000'],
    ['罗田县经济开发区企业红十字会', 'enterprise', '湖北某茶业有限公司', '421123400000'],
  ];
  institutions.forEach(([name, type, host, division], i) => {
    branchRows.push({ name, type, hostOrganisation: host, division, foundedOn: '2026-05-20', presidentName: person(500 + i), presidentPhone: phone(500 + i), memberCount: 30 + i, volunteerCount: 20 + i });
  });
  branches += (await importBranches(luotian, toCsv(branchRows), false, 'zh')).imported;

  // Commissioners: two townships without a branch, and a third of 白庙河镇's and 大崎镇's villages.
  const commissionerRows: Record<string, string | number>[] = [];
  for (const [code] of luotianTownships.slice(9, 11)) {
    const n = 700 + commissionerRows.length;
    commissionerRows.push({ name: person(n), title: '乡镇副镇长', phone: phone(n), division: code, boardSeat: '理事会', termStart: '2026-01-01', termEnd: '2030-12-31' });
  }
  for (const [township] of luotianTownships.slice(8, 10)) {
    villagesOf(township).forEach(([village], v) => {
      if (v % 3 !== 0) return;
      const n = 800 + commissionerRows.length;
      commissionerRows.push({ name: person(n), title: '村党支部书记', phone: phone(n), division: village, boardSeat: v % 2 === 0 ? '理事会' : '监事会', termStart: '2026-02-01', termEnd: '2029-01-31' });
    });
  }
  commissioners += (await importCommissioners(luotian, toCsv(commissionerRows), false, 'zh')).imported;

  // The lifecycle in motion: a proposal waiting for approval, one rejected, one branch dissolved.
  const [pendingTownship, pendingName] = luotianTownships[11]!;
  await proposeBranch(principalOf('county.luotian'), { name: `${pendingName}红十字会`, type: 'township', hostOrganisation: `${pendingName}人民政府`, division: pendingTownship, leadership: [{ post: 'president', name: person(900), phone: phone(900) }] }, undefined);
  const [fengshanVillage, fengshanVillageName] = villagesOf('421123100000').find((_row, v) => v % 3 === 2)!;
  const fengshan = principalOf('branch.fengshan');
  const rejected = await proposeBranch(fengshan, { name: `${fengshanVillageName}红十字会`, type: villageType(fengshanVillageName), hostOrganisation: `${fengshanVillageName}村民委员会`, division: fengshanVillage }, undefined);
  await rejectBranch(luotian, rejected.body.branchId, rejected.body.version, '村委会换届中，待新一届村委会成立后重新申报。');
  const [schoolVillage, schoolVillageName] = villagesOf('421123102000')[2]!;
  const school = await proposeBranch(luotian, { name: `${schoolVillageName}小学红十字会`, type: 'school', hostOrganisation: `${schoolVillageName}小学`, division: schoolVillage }, undefined);
  const active = await approveBranch(luotian, school.body.branchId, school.body.version);
  await dissolveBranch(luotian, active.branchId, active.version, '学校撤并，学生并入镇中心小学。');
  await setTargets(luotian, '421123000000', { school: 10, hospital: 5, enterprise: 4 });

  // 英山县: a start — three township branches and their first villages.
  const yingshanRows: Record<string, string | number>[] = [];
  townshipsOf('421124000000').slice(0, 3).forEach(([code, name], t) => {
    yingshanRows.push({ name: `${name}红十字会`, type: '乡镇', hostOrganisation: `${name}人民政府`, division: code, foundedOn: '2026-06-01', presidentName: person(950 + t), presidentPhone: phone(950 + t), memberCount: 30, volunteerCount: 20 });
    villagesOf(code).slice(0, 5).forEach(([village, villageName]) => {
      yingshanRows.push({ name: `${villageName}红十字会`, type: villageType(villageName), hostOrganisation: `${villageName}村（居）民委员会`, division: village, foundedOn: '2026-07-01', memberCount: 10, volunteerCount: 5 });
    });
  });
  branches += (await importBranches(yingshan, toCsv(yingshanRows), false, 'zh')).imported;
  return { branches: branches + 3, commissioners };
}

function toCsv(rows: Record<string, string | number>[]): string {
  return Papa.unparse(rows);
}

/** A principal for a demo account, as its ID token would give it. */
export function principalOf(username: string): Principal {
  const account = demoAccounts.find((candidate) => candidate.username === username);
  if (!account) throw new Error(`No demo account ${username}`);
  return { userId: `demo-${username}`, username, name: account.name, roles: account.roles, division: account.division };
}

/**
 * Demo step 3: what a visit to a township branch shows — its sites (阵地) with addresses and map
 * coordinates, its "five haves" checklist with evidence — and a member roll for 凤山镇红十字会.
 * Coordinates are GCJ-02 around 罗田县城 (30.78 N, 115.40 E), as Chinese map apps give them.
 */
export async function loadDemoBranchDetails(): Promise<{ branches: number; members: number }> {
  const luotian = principalOf('county.luotian');
  const { items } = await listBranches(luotian, { county: '421123000000', type: 'township', status: 'active' });
  const siteKinds: SiteKind[] = ['boaiHome', 'firstAidTrainingBase', 'healthStation', 'youthBase'];
  let branches = 0;
  for (const [t, branch] of items.entries()) {
    const town = branch.divisionName;
    const met = (n: number) => t % 5 < n;
    await editBranch(luotian, branch.branchId, {
      expectedVersion: branch.version,
      sites: [
        { kind: siteKinds[t % siteKinds.length]!, name: `${town}博爱家园`, address: `湖北省黄冈市罗田县${town}人民政府院内`, longitude: Math.round((115.4 + (t - 4) * 0.06) * 1e4) / 1e4, latitude: Math.round((30.78 + ((t % 3) - 1) * 0.05) * 1e4) / 1e4 },
        ...(t % 2 === 0 ? [{ kind: 'firstAidTrainingBase' as const, name: `${town}应急救护培训点`, address: `罗田县${town}卫生院二楼` }] : []),
      ],
      standards: [
        { itemId: 'leader', met: true, evidence: `${town}党委副书记兼任红十字会会长` },
        { itemId: 'team', met: met(4), evidence: met(4) ? '会员 40 余人，志愿服务队 2 支' : '志愿者队伍正在组建' },
        { itemId: 'rules', met: met(3), evidence: met(3) ? '已印发章程、财务管理和信息公开制度' : '' },
        { itemId: 'platform', met: met(2), evidence: met(2) ? '博爱家园一处，配备 AED 一台' : '' },
        { itemId: 'activities', met: met(4), evidence: met(4) ? '每季度开展应急救护培训和“博爱送万家”走访' : '' },
      ],
    });
    branches += 1;
  }
  const fengshan = items.find((branch) => branch.division === '421123100000');
  let members = 0;
  if (fengshan) {
    const people = ['王秀英', '李志强', '张丽华', '刘德明', '陈春兰', '杨海涛', '黄桂芳', '赵国平', '周晓燕', '吴建华', '徐明', '孙丽'];
    for (const [n, name] of people.entries()) {
      await enrolMember(principalOf('branch.fengshan'), {
        branchId: fengshan.branchId,
        enrolment: {
          kind: 'individual',
          name,
          phone: `1380001${String(n).padStart(4, '0')}`,
          joinedOn: `2026-0${(n % 9) + 1}-10`,
          duesStatus: n % 4 === 0 ? 'due' : 'paid',
          ...(n % 4 === 0 ? {} : { duesPaidThrough: 2026 }),
          consent: { purpose: '红十字会会员管理与活动通知', givenOn: `2026-0${(n % 9) + 1}-10` },
        },
        idempotencyKey: undefined,
      });
      members += 1;
    }
    await enrolMember(principalOf('branch.fengshan'), {
      branchId: fengshan.branchId,
      enrolment: {
        kind: 'group',
        name: '何经理',
        organisation: '罗田县凤山镇某茶业合作社',
        joinedOn: '2026-05-01',
        duesStatus: 'paid',
        duesPaidThrough: 2026,
        consent: { purpose: '团体会员联络', givenOn: '2026-05-01' },
      },
      idempotencyKey: undefined,
    });
    members += 1;
  }
  return { branches, members };
}
