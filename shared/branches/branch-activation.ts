import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { endAppointment, findCommissionerItem } from '../commissioners/commissioner-repository.js';
import { coverWithBranch, tallyUpdates } from '../coverage/coverage-changes.js';
import { coverageKeys } from '../coverage/coverage-keys.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import { parentDivision } from '../divisions/division-code.js';
import type { BranchFields, BranchStatus, Leader } from './branch.js';
import { branchKeys, countyOf } from './branch-keys.js';
import type { Actor, BranchItem } from './branch-repository.js';
import { holdsSeat } from './branch-rules.js';

/** Everything a new branch item needs besides its fields. */
export interface NewBranch {
  readonly branchId: string;
  readonly fields: BranchFields;
  readonly divisionName: string;
  readonly status: Extract<BranchStatus, 'proposed' | 'active'>;
  readonly by: Actor;
  readonly at: string;
  readonly leadership: Leader[];
  readonly contactsSealed?: unknown;
  readonly importId?: string;
}

/** The stored item of a branch being registered (proposed) or imported (already active). */
export function newBranchItem(input: NewBranch): BranchItem {
  const { branchId, fields, at, by } = input;
  const county = countyOf(fields.division);
  return {
    PK: branchKeys.partition(branchId),
    SK: branchKeys.self,
    GSI1PK: branchKeys.byCounty(county),
    GSI1SK: branchKeys.byCountySort(fields.division, branchId),
    entity: 'Branch',
    branchId,
    name: fields.name,
    type: fields.type,
    hostOrganisation: fields.hostOrganisation,
    division: fields.division,
    divisionName: input.divisionName,
    county,
    status: input.status,
    ...(fields.foundedOn ? { foundedOn: fields.foundedOn } : {}),
    leadership: input.leadership,
    ...(input.contactsSealed ? { contactsSealed: input.contactsSealed } : {}),
    memberCount: fields.memberCount ?? 0,
    volunteerCount: fields.volunteerCount ?? 0,
    memberRollIndividual: 0,
    memberRollGroup: 0,
    sites: fields.sites ?? [],
    standards: fields.standards ?? [],
    version: 1,
    proposedBy: by,
    proposedAt: at,
    ...(input.status === 'active' ? { approvedBy: by, approvedAt: at } : {}),
    updatedAt: at,
    ...(input.importId ? { importId: input.importId } : {}),
  };
}

/** Who serves a township or village as commissioner right now (consistent read). */
async function servingCommissioner(division: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: { PK: coverageKeys.partition(parentDivision(division)!), SK: coverageKeys.division(division) },
      ConsistentRead: true,
    }),
  );
  return Item?.commissionerId as string | undefined;
}

/**
 * The coverage side of a branch becoming active, for the activating transaction (approval or
 * import): a territorial branch takes its division's coverage — ending a serving commissioner's
 * appointment (reason `branchFounded`, audited) so the seat passes over without double counting,
 * or else counting the division as newly covered — and every branch adds to its type's tallies.
 * Reads the division's state now; the items' conditions fail if it changes before the commit.
 */
export async function activationItems(branch: BranchItem, actor: Principal, at: string): Promise<TransactItem[]> {
  const items: TransactItem[] = [];
  let covered = 0;
  let commissioners = 0;
  if (holdsSeat(branch.type)) {
    const commissionerId = await servingCommissioner(branch.division);
    const commissioner = commissionerId ? await findCommissionerItem(commissionerId) : undefined;
    // The seat names a commissioner who does not exist: counting on would skew the tallies.
    if (commissionerId && !commissioner) throw new Error(`DivisionCoverage of ${branch.division} names a missing commissioner`);
    items.push(coverWithBranch(branch.division, branch.branchId, commissionerId));
    if (commissioner) {
      items.push(
        endAppointment(commissioner, { reason: 'branchFounded', at, by: { userId: actor.userId, name: actor.name } }),
        auditItem({ actor, action: 'commissioner.end', entity: 'Commissioner', entityId: commissioner.commissionerId, division: branch.division, before: { status: 'active' }, after: { status: 'ended', endedReason: 'branchFounded', branchId: branch.branchId } }, at),
      );
      commissioners = -1;
    } else {
      covered = 1;
    }
  }
  items.push(...tallyUpdates(branch.division, { covered, commissioners, branches: { [branch.type]: 1 } }));
  return items;
}
