/**
 * Staff and self-service roles (DESIGN §9). Each role is a Cognito group of the same name, so a
 * token's `cognito:groups` claim lists the caller's roles directly.
 */
export const roles = [
  'province',
  'city',
  'county',
  'branch',
  'warehouseKeeper',
  'financeOfficer',
  'evaluator',
  'volunteer',
] as const;

/** One of {@link roles}. */
export type Role = (typeof roles)[number];

/** Narrows an arbitrary string to a {@link Role}. */
export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Chinese and English display names of every role, for the portal and error messages. */
export const roleNames: Record<Role, { zh: string; en: string }> = {
  province: { zh: '省红十字会', en: 'Province staff' },
  city: { zh: '市州红十字会', en: 'City staff' },
  county: { zh: '县级红十字会', en: 'County staff' },
  branch: { zh: '基层组织', en: 'Branch staff' },
  warehouseKeeper: { zh: '仓库管理员', en: 'Warehouse keeper' },
  financeOfficer: { zh: '财务人员', en: 'Finance officer' },
  evaluator: { zh: '评估专家', en: 'Evaluator' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
};

/**
 * Names of the JWT claims Boai reads. Cognito puts groups in `cognito:groups` and custom user
 * attributes under `custom:`; the local sign-in issues exactly the same names.
 */
export const claimNames = {
  subject: 'sub',
  username: 'cognito:username',
  groups: 'cognito:groups',
  /** 12-digit division code the user acts within (custom Cognito attribute `division`). */
  division: 'custom:division',
  name: 'name',
} as const;
