import type { Role } from '../shared/auth/roles.js';

/**
 * Demo staff accounts for the local sign-in (README lists them). They exist only in the local
 * Cognito stand-in; in AWS, accounts are Cognito users with MFA. The shared demo password is
 * published on purpose: it guards nothing but a laptop's demo data.
 */
export interface DemoAccount {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** 12-digit division code of the account's scope. */
  readonly division: string;
}

/** The password of every demo account. */
export const demoPassword = 'Boai-demo-2026';

/** One account per role, centred on the pilot county 罗田县 (Luotian, Huanggang). */
export const demoAccounts: readonly DemoAccount[] = [
  { username: 'province.admin', name: '省红会 王敏', roles: ['province'], division: '420000000000' },
  { username: 'city.huanggang', name: '黄冈市红会 李强', roles: ['city'], division: '421100000000' },
  { username: 'county.luotian', name: '罗田县红会 张丽', roles: ['county'], division: '421123000000' },
  { username: 'county.yingshan', name: '英山县红会 陈刚', roles: ['county'], division: '421124000000' },
  { username: 'branch.fengshan', name: '凤山镇红会 刘洋', roles: ['branch'], division: '421123100000' },
  { username: 'warehouse.luotian', name: '罗田县备灾仓库 赵军', roles: ['warehouseKeeper'], division: '421123000000' },
  { username: 'finance.luotian', name: '罗田县红会财务 孙芳', roles: ['financeOfficer'], division: '421123000000' },
  { username: 'evaluator.hubei', name: '评估专家 周文', roles: ['evaluator'], division: '420000000000' },
  { username: 'volunteer.demo', name: '志愿者 吴静', roles: ['volunteer'], division: '421123100000' },
];
