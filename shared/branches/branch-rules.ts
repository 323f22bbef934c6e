import { DomainError } from '../errors.js';
import { type Division, findDivision } from '../divisions/division-repository.js';
import { divisionLevel } from '../divisions/division-code.js';
import { maskPhone, normalizePhone } from '../privacy/masking.js';
import { openPersonalData, type SealedPersonalData, sealPersonalData } from '../privacy/personal-data.js';
import { type BranchFields, type BranchType, type Leader, isTerritorial, territorialLevels } from './branch.js';
import { loadStandards } from './branch-standards.js';
import { branchKeys, countyOf } from './branch-keys.js';
import { type BranchItem, queryCountyBranches } from './branch-repository.js';

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
 * With `previous` (an edit), leaders without a phone keep their stored one (same post and name).
 */
export async function sealLeadership(
  leaders: BranchFields['leadership'],
  branchId: string,
  previous?: Pick<BranchItem, 'leadership' | 'contactsSealed'>,
): Promise<{ leadership: Leader[]; contactsSealed?: unknown }> {
  const phones: Record<string, string> = {};
  // On an edit, a leader sent without a phone keeps the one stored for the same post and name:
  // the form only ever sees masked phones, so it cannot send them back.
  const stored = previous?.contactsSealed
    ? await openPersonalData(previous.contactsSealed as SealedPersonalData, { context: branchKeys.partition(branchId) })
    : {};
  const storedPhone = (post: string, name: string): string | undefined => {
    const index = (previous?.leadership ?? []).findIndex((leader) => leader.post === post && leader.name === name && leader.phoneMasked);
    return index >= 0 ? stored[`leader${index}`] : undefined;
  };
  const leadership = (leaders ?? []).map((leader, index): Leader => {
    let phoneMasked: string | undefined;
    const kept = leader.phone ? undefined : storedPhone(leader.post, leader.name);
    if (kept) {
      phones[`leader${index}`] = kept;
      phoneMasked = maskPhone(kept);
    } else if (leader.phone) {
      const phone = normalizePhone(leader.phone);
      if (!phone) {
        throw new DomainError('VALIDATION_FAILED', 400, {}, [
          { field: `body.leadership.${index}.phone`, issue: 'invalid_phone', detail: 'not a mainland mobile or landline number' },
        ]);
      }
      phones[`leader${index}`] = phone;
      phoneMasked = maskPhone(phone);
    }
    return { post: leader.post, name: leader.name, ...(leader.title ? { title: leader.title } : {}), ...(phoneMasked ? { phoneMasked } : {}) };
  });
  if (Object.keys(phones).length === 0) return { leadership };
  // Bound to the branch: a sealed blob copied onto another record does not open there.
  return { leadership, contactsSealed: await sealPersonalData(phones, { context: branchKeys.partition(branchId) }) };
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
  return `${division}#${name.replace(/\s+/g, '')}`;
}

/**
 * {@link sameBranchKey}s of a county's proposed and active branches (one county Query), so that
 * a school or hospital branch registered twice — by hand or by importing a file again — is
 * refused instead of counted twice.
 */
export async function registeredNames(county: string): Promise<Set<string>> {
  const items = await queryCountyBranches(county, undefined, ['division', 'name', 'status']);
  return new Set(items.filter((item) => item.status === 'proposed' || item.status === 'active').map((item) => sameBranchKey(item.division, item.name)));
}

/** 409 BRANCH_DUPLICATE when a branch of this name already stands in the division. */
export async function checkNotDuplicate(fields: Pick<BranchFields, 'type' | 'division' | 'name'>): Promise<void> {
  if (holdsSeat(fields.type)) return;
  const names = await registeredNames(countyOf(fields.division));
  if (names.has(sameBranchKey(fields.division, fields.name))) throw new DomainError('BRANCH_DUPLICATE', 409);
}
