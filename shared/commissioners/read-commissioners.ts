import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { listScope } from '../branches/read-branches.js';
import { divisionPrefix } from '../divisions/division-code.js';
import { notFound } from '../errors.js';
import type { Commissioner, CommissionerStatus } from './commissioner.js';
import { findCommissionerItem, queryCountyCommissioners, toCommissioner } from './commissioner-repository.js';

/**
 * A county's commissioners (scope resolved like the branch list), optionally one status. One
 * GSI1 Query narrowed by division prefix.
 */
export async function listCommissioners(
  principal: Principal | undefined,
  filter: { county?: string; division?: string; status?: CommissionerStatus },
): Promise<{ county: string; items: Commissioner[] }> {
  const reader = authorize(principal, 'commissioner:read');
  const { county, division } = listScope(reader, filter);
  authorize(principal, 'commissioner:read', { division });
  const items = (await queryCountyCommissioners(county, division === county ? undefined : divisionPrefix(division)))
    .filter((item) => !filter.status || item.status === filter.status)
    .map(toCommissioner);
  return { county, items };
}

/** One commissioner: 404 if unknown, 403 outside the caller's scope. */
export async function getCommissioner(principal: Principal | undefined, commissionerId: string): Promise<Commissioner> {
  authorize(principal, 'commissioner:read');
  const item = await findCommissionerItem(commissionerId);
  if (!item) throw notFound('COMMISSIONER_NOT_FOUND');
  authorize(principal, 'commissioner:read', { division: item.division });
  return toCommissioner(item);
}
