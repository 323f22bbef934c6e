import { DomainError } from '../errors.js';
import { type Division, findDivision } from '../divisions/division-repository.js';
import { divisionLevel } from '../divisions/division-code.js';
import { maskPhone, normalizePhone } from '../privacy/masking.js';
import { openPersonalData, PersonalDataIntegrityError, type SealedPersonalData, sealPersonalData } from '../privacy/personal-data.js';
import { type BranchFields, type BranchType, type Leader, isTerritorial, territorialLevels } from './branch.js';
import { loadStandards } from './branch-standards.js';
import { batchGetAll } from '../data/batch-get-all.js';
import { tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import { branchKeys, branchNameKeys, countyOf } from './branch-keys.js';
import type { BranchItem } from './branch-repository.js';

/** Levels where an institutional branch (school, hospital, …) may sit: a county or anything below. */
const institutionalLevels = new Set(['county', 'township', 'village']);

/**
 * Checks that a branch of `type` may sit in `division`: the division exists, a territorial type
 * sits at its own level (a village branch in a village), an institutional one at county level or
 * below. Returns the division for its name.
 */
export async function checkPlacement(type: BranchType, division: string): Promise<Division> {
  const level = divisionLevel(division);
  const expected = territorialLevels[type];
  if (expected ? level !== expected : !institutionalLevels.has(level)) {
    throw new DomainError('BRANCH_LEVEL_MISMATCH', 422, { type, level: expected ?? 'county/township/village' });
  }
  const found = await findDivision(division);
  if (!found) throw new DomainError('DIVISION_NOT_FOUND', 422, { code: division });
  return found;
}

/** Refuses checklist answers for items the province's checklist does not have. */
export async function checkStandards(answers: BranchFields['standards']): Promise<void> {
  if (!answers || answers.length === 0) return;
  const known = new Set((await loadStandards()).map((item) => item.id));
  const unknown = answers.find((answer) => !known.has(answer.itemId));
  if (unknown) throw new DomainError('STANDARD_UNKNOWN', 422, { itemId: unknown.itemId });
}

/**
 * Splits leaders as entered into what is stored in the clear (post, name, title, masked phone)
 * and the phones, sealed together (DESIGN §4.9). A phone that is not a phone number is a 400.
 *
 * With `previous` (an edit) a leader sent without `phone` keeps the phone stored for the same
 * post and name — the form only ever sees masked phones, so it cannot send them back — but only
 * when exactly one stored leader has that post and name, and each stored phone goes to one
 * leader at most: a phone never passes to another person. `phone: ""` clears it.
 */
export async function sealLeadership(
  leaders: BranchFields['leadership'],
  branchId: string,
  previous?: Pick<BranchItem, 'leadership' | 'contactsSealed'>,
): Promise<{ leadership: Leader[]; contactsSealed?: unknown }> {
  const context = { context: branchKeys.partition(branchId) };
  const before = previous?.leadership ?? [];
  const claimed = new Set<number>();
  let stored: Record<string, string> | undefined;
  const storedPhone = async (post: string, name: string): Promise<string | undefined> => {
    const matches = before.flatMap((leader, index) => (leader.post === post && leader.name === name && leader.phoneMasked ? [index] : []));
    if (matches.length !== 1 || claimed.has(matches[0]!) || !previous?.contactsSealed) return undefined;
    claimed.add(matches[0]!);
    if (!stored) {
      try {
        stored = await openPersonalData(previous.contactsSealed as SealedPersonalData, context);
      } catch (error) {
        // Sealed for another record or key (data copied by hand, an old local database): ask
        // for the phones again rather than fail, and never open it without its binding.
        if (error instanceof PersonalDataIntegrityError) throw new DomainError('CONTACTS_UNREADABLE', 409);
        throw error;
      }
    }
    return stored[`leader${matches[0]}`];
  };
  const phones: Record<string, string> = {};
  const leadership: Leader[] = [];
  for (const [index, leader] of (leaders ?? []).entries()) {
    let phone: string | undefined;
    if (leader.phone) {
      phone = normalizePhone(leader.phone);
      if (!phone) {
        throw new DomainError('VALIDATION_FAILED', 400, {}, [
          { field: `body.leadership.${index}.phone`, issue: 'invalid_phone', detail: 'not a mainland mobile or landline number' },
        ]);
      }
    } else if (leader.phone === undefined) {
      phone = await storedPhone(leader.post, leader.name);
    }
    if (phone) phones[`leader${index}`] = phone;
    leadership.push({ post: leader.post, name: leader.name, ...(leader.title ? { title: leader.title } : {}), ...(phone ? { phoneMasked: maskPhone(phone) } : {}) });
  }
  if (Object.keys(phones).length === 0) return { leadership };
  // Bound to the branch: a sealed blob copied onto another record does not open there.
  return { leadership, contactsSealed: await sealPersonalData(phones, context) };
}

/** Fields shown in a branch's history, in display order. */
const trackedFields = [
  'name',
  'type',
  'hostOrganisation',
  'division',
  'status',
  'foundedOn',
  'leadership',
  'memberCount',
  'volunteerCount',
  'sites',
  'standards',
] as const satisfies readonly (keyof BranchItem)[];

/**
 * What changed between two versions of a branch, field by field. Leaders appear with masked
 * phones only, so history never holds clear personal data.
 */
export function branchChanges(
  before: Partial<BranchItem> | undefined,
  after: Partial<BranchItem>,
): { field: string; before?: unknown; after?: unknown }[] {
  const changes: { field: string; before?: unknown; after?: unknown }[] = [];
  for (const field of trackedFields) {
    const a = before?.[field];
    const b = after[field];
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
    changes.push({ field, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
  }
  return changes;
}

/** True when the branch covers its division once active (one per division). */
export const holdsSeat = (type: BranchType): boolean => isTerritorial(type);

/** Identity of a branch without a seat: its division and its name with spaces removed. */
export function sameBranchKey(division: string, name: string): string {
  return branchNameKeys.sort(division, name);
}

/** Claims a seatless branch's name in its division (fails if it stands already). */
export function claimName(division: string, name: string, branchId: string): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { PK: branchNameKeys.partition(countyOf(division)), SK: branchNameKeys.sort(division, name), entity: 'BranchName', branchId },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * Frees a seatless branch's name (rejected, dissolved or renamed). A missing claim (a branch
 * registered before claims existed) is nothing to free; another branch's claim is left alone.
 */
export function releaseName(division: string, name: string, branchId: string): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: { PK: branchNameKeys.partition(countyOf(division)), SK: branchNameKeys.sort(division, name) },
      ConditionExpression: 'attribute_not_exists(PK) OR branchId = :branch',
      ExpressionAttributeValues: { ':branch': branchId },
    },
  };
}

/**
 * Which of these seatless branches' names already stand (their BranchName claims exist): one
 * batch read, so an import can list duplicates row by row before writing anything. Answers
 * {@link sameBranchKey}s.
 */
export async function takenNames(branches: readonly { division: string; name: string }[]): Promise<Set<string>> {
  const keys = branches.map(({ division, name }) => ({ PK: branchNameKeys.partition(countyOf(division)), SK: branchNameKeys.sort(division, name) }));
  const claims = await batchGetAll(keys, { consistent: true, projection: ['SK'] });
  return new Set(claims.map((claim) => String(claim.SK)));
}
