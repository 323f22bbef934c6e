import { forbidden, outOfScope, unauthenticated, DomainError } from '../errors.js';
import { isWithin } from '../divisions/division-code.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

/**
 * Every staff action Boai knows and the roles that may perform it. An action missing from this
 * table cannot be authorised at all: default deny. Later capabilities add their actions here.
 */
export const policies = {
  /** Read one's own profile, roles and navigation. */
  'profile:read': ['province', 'city', 'county', 'branch', 'warehouseKeeper', 'financeOfficer', 'evaluator', 'volunteer'],
  /** See branches and their history; the division scope decides which. */
  'branch:read': ['province', 'city', 'county', 'branch', 'evaluator'],
  /**
   * Propose a branch: the county, or branch staff anywhere inside their own division — a
   * township's staff propose its village, school and hospital branches too (the township Red
   * Cross organises its villages); approval stays with the county.
   */
  'branch:propose': ['county', 'branch'],
  /** Approve or reject proposals, edit, dissolve and import: the county Red Cross manages its county. */
  'branch:approve': ['county'],
  'branch:edit': ['county'],
  'branch:dissolve': ['county'],
  'branch:import': ['county'],
  /** Set the province's "five haves" checklist. */
  'standards:manage': ['province'],
  'commissioner:read': ['province', 'city', 'county', 'branch', 'evaluator'],
  'commissioner:manage': ['county'],
  'coverage:read': ['province', 'city', 'county', 'branch', 'evaluator'],
  'coverage:setTargets': ['county'],
  'audit:read': ['province', 'city', 'county'],
  /** See a branch's member roll (personal data masked). */
  'member:read': ['province', 'city', 'county', 'branch'],
  /** Enrol members, record dues and leaving: the county, or the branch's own staff. */
  'member:manage': ['county', 'branch'],
  /** See pilots, their timelines and scorecards; the division scope decides which counties. */
  'pilot:read': ['province', 'city', 'county', 'evaluator'],
  /** Draft and submit the implementation plan, revise it, declare deployment, publicity and consolidation complete. */
  'pilot:plan': ['county'],
  /**
   * The city Red Cross approves or rejects a county's implementation plan; the province does for
   * the counties it administers directly (the use case picks which, `deciderFor`).
   */
  'pilot:reviewPlan': ['city', 'province'],
  /** Evaluation and acceptance: accept, or order rectification. */
  'pilot:evaluate': ['evaluator'],
  /** Restart a faulted workflow at its recorded step (operations). */
  'pilot:resume': ['province'],
  /** See typical cases, drafts included (evaluators judge publicity by them). */
  'case:read': ['province', 'city', 'county', 'branch', 'evaluator'],
  /** Write, illustrate, publish and withdraw typical cases. */
  'case:manage': ['province', 'city', 'county'],
} as const satisfies Record<string, readonly Role[]>;

/** One of the actions in {@link policies}. */
export type Action = keyof typeof policies;

/**
 * Enforces role × division scope inside the use case (DESIGN §4.8).
 *
 * Steps: no principal → 401; no role or division on the account → 403 ACCOUNT_INCOMPLETE; no role
 * allowed for the action → 403 FORBIDDEN; a target division outside the caller's scope → 403
 * OUT_OF_SCOPE. Returns the principal narrowed to non-undefined.
 */
export function authorize(principal: Principal | undefined, action: Action, target?: { division: string }): Principal {
  if (!principal) throw unauthenticated();
  if (principal.roles.length === 0 || principal.division === '') throw new DomainError('ACCOUNT_INCOMPLETE', 403);
  // An action missing from the table (a typo, a caller compiled against another version) denies.
  const allowed: readonly Role[] | undefined = (policies as Record<string, readonly Role[]>)[action];
  if (!allowed || !principal.roles.some((role) => allowed.includes(role))) throw forbidden();
  if (target && !isWithin(principal.division, target.division)) throw outOfScope();
  return principal;
}
